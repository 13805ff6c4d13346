-- series: 17 18
-- Cloudflare Turnstile keys blanked (S18 of Feb 2025 lacks this file)
UPDATE ir_config_parameter SET value = '' WHERE key IN ('cf.turnstile_site_key', 'cf.turnstile_secret_key');
