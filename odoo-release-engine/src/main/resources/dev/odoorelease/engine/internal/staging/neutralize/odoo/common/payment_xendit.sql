-- series: 17 18
-- Xendit credentials replaced by dummies
UPDATE payment_provider SET xendit_secret_key = 'dummysecret', xendit_webhook_token = 'dummytoken';
