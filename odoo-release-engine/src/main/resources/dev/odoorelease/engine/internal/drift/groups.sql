-- groups by name, with how many users they have
SELECT coalesce(to_jsonb(g) -> 'name' ->> 'en_US', to_jsonb(g) ->> 'name') || ' #' || g.id AS key,
       (SELECT count(*) FROM res_groups_users_rel r WHERE r.gid = g.id)::text AS users
FROM res_groups g
