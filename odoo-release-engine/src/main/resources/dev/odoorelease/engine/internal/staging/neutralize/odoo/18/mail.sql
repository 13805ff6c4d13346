-- mail templates no longer force a mail server
UPDATE mail_template SET mail_server_id = NULL;

-- incoming mail servers off
UPDATE fetchmail_server SET active = false;

-- web push: the VAPID keys and the SFU key are removed
DELETE FROM ir_config_parameter
 WHERE key IN ('mail.web_push_vapid_private_key', 'mail.web_push_vapid_public_key', 'mail.sfu_server_key');

-- web push: notifications waiting for the cron are dropped
TRUNCATE mail_push;

-- web push: the browsers registered by partners are dropped
TRUNCATE mail_push_device CASCADE;
