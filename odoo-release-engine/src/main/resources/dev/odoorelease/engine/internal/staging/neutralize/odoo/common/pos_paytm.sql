-- series: 17 18
-- Paytm terminals in test mode with a dummy key
UPDATE pos_payment_method SET paytm_test_mode = true, paytm_merchant_key = 'dummykey00012345';
