SELECT code AS key, coalesce(active, false)::text AS active FROM res_lang
