-- indexes by name, with their definition
SELECT indexname AS key, tablename AS "table", indexdef AS definition FROM pg_indexes WHERE schemaname = 'public'
