-- series: 17 18
-- IAP tokens get the +disabled suffix
UPDATE iap_account SET account_token = REGEXP_REPLACE(account_token, '(\+.*)?$', '+disabled')
 WHERE LENGTH(account_token) <= 33;

-- legacy (pre-17) tokens too long to be valid are replaced
UPDATE iap_account SET account_token = 'dummy_value+disabled'
 WHERE LENGTH(account_token) > 33 AND account_token NOT LIKE '%+disabled';
