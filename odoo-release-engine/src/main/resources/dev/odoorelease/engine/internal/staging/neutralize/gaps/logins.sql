-- Ways into the copy with production credentials, and logins against production systems.

-- module: base
-- user API keys deleted (they authenticate RPC calls with production's keys)
DELETE FROM res_users_apikeys;

-- module: auth_totp
-- two-factor authentication: trusted devices deleted
DELETE FROM auth_totp_device;

-- module: auth_totp
-- two-factor authentication: TOTP secrets dropped (users log in without the second factor)
UPDATE res_users SET totp_secret = NULL WHERE totp_secret IS NOT NULL;

-- module: auth_passkey
-- passkeys deleted
DELETE FROM auth_passkey_key;

-- module: auth_oauth
-- OAuth access tokens dropped
UPDATE res_users SET oauth_access_token = NULL WHERE oauth_access_token IS NOT NULL;

-- module: auth_ldap
-- LDAP: the directory is replaced by an unresolvable host, without bind credentials, and no user is created from it
UPDATE res_company_ldap SET ldap_server = 'invalid', ldap_binddn = NULL, ldap_password = NULL, create_user = false;
