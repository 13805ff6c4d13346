-- series: 18
-- Worldline credentials dropped
UPDATE payment_provider
   SET worldline_pspid = NULL,
       worldline_api_key = NULL,
       worldline_api_secret = NULL,
       worldline_webhook_key = NULL,
       worldline_webhook_secret = NULL;
