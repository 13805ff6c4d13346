-- module: base
-- client secrets of the Google / Microsoft apps, captcha keys, cloud storage credentials and the
-- Enterprise subscription code are removed (the identity, URL and flag parameters are set afterwards)
DELETE FROM ir_config_parameter
 WHERE key IN ('google_gmail_client_secret', 'microsoft_outlook_client_secret', 'google_calendar_client_secret',
               'microsoft_calendar_client_secret', 'google_drive_client_secret',
               'recaptcha_private_key', 'recaptcha_public_key', 'cf.turnstile_secret_key', 'cf.turnstile_site_key',
               'database.enterprise_code')
    OR key LIKE 'cloud\_storage\_%';
