-- views and materialized views: their definition, as a hash
SELECT viewname AS key, 'view' AS kind, 'md5:' || md5(definition) AS definition FROM pg_views WHERE schemaname = 'public'
UNION ALL
SELECT matviewname, 'materialized view', 'md5:' || md5(definition) FROM pg_matviews WHERE schemaname = 'public'
