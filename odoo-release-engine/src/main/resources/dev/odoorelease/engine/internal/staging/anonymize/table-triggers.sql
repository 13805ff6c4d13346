-- The user triggers of the tables an anonymization changes (parameter: an array of their names), by
-- table: they fire on the update path and not on the rewrite path, so the run warns about each.
SELECT c.relname, string_agg(t.tgname, ', ' ORDER BY t.tgname)
  FROM pg_trigger t
  JOIN pg_class c ON c.oid = t.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
 WHERE NOT t.tgisinternal AND c.relname = ANY (?)
 GROUP BY c.relname
 ORDER BY 1
