-- series: 18
-- certificate and key passwords replaced
UPDATE certificate_certificate SET pkcs12_password = 'dummy';

-- private key passwords replaced
UPDATE certificate_key SET password = 'dummy';
