-- reCAPTCHA keys blanked (S18 of Feb 2025 lacks this file; later patches and 16/17 have it)
UPDATE ir_config_parameter SET value = '' WHERE key IN ('recaptcha_public_key', 'recaptcha_private_key');
