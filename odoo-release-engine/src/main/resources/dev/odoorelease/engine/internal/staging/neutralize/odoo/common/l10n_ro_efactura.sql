-- series: 17
-- Romanian e-Factura: test environment, credentials dropped
UPDATE res_company
   SET l10n_ro_edi_test_env = true, l10n_ro_edi_client_id = NULL, l10n_ro_edi_client_secret = NULL,
       l10n_ro_edi_access_token = NULL, l10n_ro_edi_refresh_token = NULL;
