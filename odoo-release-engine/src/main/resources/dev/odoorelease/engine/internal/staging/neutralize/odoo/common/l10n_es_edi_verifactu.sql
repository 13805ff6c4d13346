-- series: 17
-- Spanish Veri*factu: test environment
UPDATE res_company SET l10n_es_edi_verifactu_test_environment = true;
