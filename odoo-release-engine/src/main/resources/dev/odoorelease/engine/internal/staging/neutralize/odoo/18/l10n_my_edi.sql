-- Malaysian MyInvois: proxy users archived
-- requires: account_edi_proxy_client_user(proxy_type)
UPDATE account_edi_proxy_client_user SET active = false WHERE proxy_type = 'l10n_my_edi';
