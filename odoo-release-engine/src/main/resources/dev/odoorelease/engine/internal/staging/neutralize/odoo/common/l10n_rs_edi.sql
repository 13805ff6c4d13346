-- series: 17
-- Serbian eFaktura: demo environment, dummy key
UPDATE res_company SET l10n_rs_edi_api_key = 'dummy_key', l10n_rs_edi_demo_env = true;
