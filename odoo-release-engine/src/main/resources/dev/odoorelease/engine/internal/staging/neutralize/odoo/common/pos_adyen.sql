-- Adyen payment terminals in test mode
UPDATE pos_payment_method SET adyen_test_mode = true;
