-- series: 17 18
-- Razorpay terminals in test mode with a dummy key
UPDATE pos_payment_method SET razorpay_test_mode = true, razorpay_api_key = 'dummykey00012345';
