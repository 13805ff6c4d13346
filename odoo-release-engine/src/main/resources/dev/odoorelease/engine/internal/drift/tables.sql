-- tables of the public schema
SELECT c.relname AS key, CASE c.relkind WHEN 'p' THEN 'partitioned table' ELSE 'table' END AS kind
FROM pg_class c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
