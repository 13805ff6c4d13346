-- columns of the public schema's tables and views: type, nullability, default
SELECT c.relname || '.' || a.attname AS key, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull::text AS not_null,
       coalesce(pg_get_expr(d.adbin, d.adrelid), '') AS "default"
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
