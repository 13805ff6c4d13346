-- series: 17 18
-- Viva Wallet terminals in test mode
UPDATE pos_payment_method SET viva_wallet_test_mode = true;
