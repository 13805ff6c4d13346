-- every outgoing mail server off
UPDATE ir_mail_server SET active = false;

-- one active dummy server on an unresolvable host, so Odoo never falls back to the SMTP server of odoo.conf
INSERT INTO ir_mail_server (name, smtp_port, smtp_host, smtp_encryption, active, smtp_authentication)
VALUES ('neutralization - disable emails', 1025, 'invalid', 'none', true, 'login');

-- scheduled actions off, except the autovacuum
-- requires: ir_model_data(res_id, model, name, module)
UPDATE ir_cron SET active = false
 WHERE id NOT IN (SELECT res_id FROM ir_model_data
                   WHERE model = 'ir.cron' AND name = 'autovacuum_job' AND module = 'base');

-- the flag Odoo reads: boolean true, stored as the text 'true'
INSERT INTO ir_config_parameter (key, value) VALUES ('database.is_neutralized', true)
ON CONFLICT (key) DO UPDATE SET value = true;
