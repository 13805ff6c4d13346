-- series: 16 17
-- Worldline Sips credentials dropped
UPDATE payment_provider
   SET sips_merchant_id = NULL,
       sips_secret = NULL;
