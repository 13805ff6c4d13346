-- Odoo only deactivates mail servers: their logins, passwords and client certificates stay in
-- every copy of the database. Dropped here, with the Gmail / Outlook OAuth tokens.

-- module: base
-- outgoing mail servers: login, password and client certificate dropped
UPDATE ir_mail_server
   SET smtp_user = NULL, smtp_pass = NULL, smtp_ssl_certificate = NULL, smtp_ssl_private_key = NULL;

-- module: google_gmail
-- outgoing mail servers: Gmail OAuth tokens dropped
UPDATE ir_mail_server
   SET google_gmail_authorization_code = NULL, google_gmail_refresh_token = NULL,
       google_gmail_access_token = NULL, google_gmail_access_token_expiration = NULL;

-- module: microsoft_outlook
-- outgoing mail servers: Outlook OAuth tokens dropped
UPDATE ir_mail_server
   SET microsoft_outlook_refresh_token = NULL, microsoft_outlook_access_token = NULL,
       microsoft_outlook_access_token_expiration = NULL;

-- module: mail
-- incoming mail servers: login and password dropped
UPDATE fetchmail_server SET "user" = NULL, password = NULL;

-- module: google_gmail
-- incoming mail servers: Gmail OAuth tokens dropped
UPDATE fetchmail_server
   SET google_gmail_authorization_code = NULL, google_gmail_refresh_token = NULL,
       google_gmail_access_token = NULL, google_gmail_access_token_expiration = NULL;

-- module: microsoft_outlook
-- incoming mail servers: Outlook OAuth tokens dropped
UPDATE fetchmail_server
   SET microsoft_outlook_refresh_token = NULL, microsoft_outlook_access_token = NULL,
       microsoft_outlook_access_token_expiration = NULL;
