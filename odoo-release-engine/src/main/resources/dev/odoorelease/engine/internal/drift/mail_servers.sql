-- outgoing mail servers (no credentials: only where they send and whether they are active)
SELECT name || ' #' || id AS key, coalesce(smtp_host, '') AS host, coalesce(smtp_port::text, '') AS port,
       coalesce(to_jsonb(s) ->> 'from_filter', '') AS from_filter, coalesce(active, false)::text AS active
FROM ir_mail_server s
