-- series: 17
-- Jordanian JoFotara: dummy credentials
UPDATE res_company SET l10n_jo_edi_secret_key = 'dummy_secret', l10n_jo_edi_client_identifier = 'dummy_id';
