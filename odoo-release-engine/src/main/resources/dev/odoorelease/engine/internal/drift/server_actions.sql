-- server actions and webhooks: what they do (state), on which model, where a webhook posts (no query string),
-- and their code (as a hash)
SELECT coalesce(to_jsonb(a) -> 'name' ->> 'en_US', to_jsonb(a) ->> 'name') || ' #' || a.id AS key,
       coalesce(a.state, '') AS state, coalesce(a.model_name, '') AS model,
       coalesce(regexp_replace(to_jsonb(a) ->> 'webhook_url', '\?.*$', '?…'), '') AS webhook_url,
       CASE WHEN a.code IS NULL OR a.code = '' THEN '' ELSE 'md5:' || md5(a.code) END AS code
FROM ir_act_server a
