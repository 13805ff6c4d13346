-- mail templates no longer force a mail server
UPDATE mail_template SET mail_server_id = NULL;

-- incoming mail servers off
UPDATE fetchmail_server SET active = false;
