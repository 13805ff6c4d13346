-- module: mail
-- the outgoing mail queue: mails waiting to be sent, and failed mails a user could retry, deleted
-- (sent, received and cancelled mails stay: they are history, and are never sent again)
-- requires: mail_mail(state)
DELETE FROM mail_mail WHERE state IN ('outgoing', 'exception');
