-- views and materialized views: their definition (compared without casts and parentheses, which a restore may respell)
SELECT viewname AS key, 'view' AS kind, definition FROM pg_views WHERE schemaname = 'public'
UNION ALL
SELECT matviewname, 'materialized view', definition FROM pg_matviews WHERE schemaname = 'public'
