-- Spanish SII: test environment
UPDATE res_company SET l10n_es_sii_test_env = true;
