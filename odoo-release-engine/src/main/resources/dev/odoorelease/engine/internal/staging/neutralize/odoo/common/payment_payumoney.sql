-- series: 16 17
-- PayUmoney credentials dropped
UPDATE payment_provider
   SET payumoney_merchant_key = NULL,
       payumoney_merchant_salt = NULL;
