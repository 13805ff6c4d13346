-- series: 17 18
-- Mercado Pago terminals get dummy credentials
-- requires: pos_payment_method(mp_bearer_token)
UPDATE pos_payment_method SET mp_bearer_token = 'dummy_value', mp_webhook_secret_key = 'dummy_value'
 WHERE mp_bearer_token IS NOT NULL;
