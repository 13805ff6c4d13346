-- scheduled actions: active and interval
SELECT coalesce(to_jsonb(c) ->> 'cron_name', 'cron') || ' #' || c.id AS key, coalesce(c.active, false)::text AS active,
       coalesce(c.interval_number::text, '') || ' ' || coalesce(c.interval_type, '') AS interval
FROM ir_cron c
