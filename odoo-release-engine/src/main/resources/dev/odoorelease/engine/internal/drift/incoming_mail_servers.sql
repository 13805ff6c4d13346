-- incoming mail servers (no credentials)
SELECT name || ' #' || id AS key, coalesce(to_jsonb(s) ->> 'server', '') AS host, coalesce(to_jsonb(s) ->> 'port', '') AS port,
       coalesce(to_jsonb(s) ->> 'server_type', '') AS type, coalesce(active, false)::text AS active
FROM fetchmail_server s
