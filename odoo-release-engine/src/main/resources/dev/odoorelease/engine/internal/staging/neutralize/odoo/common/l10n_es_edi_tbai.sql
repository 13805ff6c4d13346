-- series: 18
-- Spanish TicketBAI: test environment
UPDATE res_company SET l10n_es_tbai_test_env = true;
