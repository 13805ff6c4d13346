-- Mollie credentials dropped
UPDATE payment_provider
   SET mollie_api_key = NULL;
