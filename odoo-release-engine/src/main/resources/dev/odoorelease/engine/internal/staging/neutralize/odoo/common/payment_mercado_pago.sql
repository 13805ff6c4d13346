-- Mercado Pago credentials dropped
UPDATE payment_provider
   SET mercado_pago_access_token = NULL;
