-- EDI proxy users in test mode (demo for the Italian SdI)
-- requires: account_edi_proxy_client_user(proxy_type)
UPDATE account_edi_proxy_client_user
   SET edi_mode = CASE WHEN proxy_type = 'l10n_it_edi' THEN 'demo' ELSE 'test' END;
