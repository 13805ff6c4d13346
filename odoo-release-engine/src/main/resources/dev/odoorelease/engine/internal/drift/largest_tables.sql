-- the largest tables of the public schema (by total size), whose rows the drift report counts
SELECT c.relname
FROM pg_class c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
ORDER BY pg_total_relation_size(c.oid) DESC, c.relname
LIMIT ?
