-- payment providers that are neither in test mode nor disabled are disabled
UPDATE payment_provider SET state = 'disabled' WHERE state NOT IN ('test', 'disabled');
