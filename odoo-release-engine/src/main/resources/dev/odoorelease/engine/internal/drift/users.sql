-- user counts (no login, no name)
SELECT 'users' AS key, count(*) FILTER (WHERE coalesce(active, false))::text AS active, count(*)::text AS total FROM res_users
