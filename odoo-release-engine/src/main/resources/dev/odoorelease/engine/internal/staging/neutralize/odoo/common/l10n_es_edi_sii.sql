-- series: 16 17
-- Spanish SII: test environment
UPDATE res_company SET l10n_es_edi_test_env = true;
