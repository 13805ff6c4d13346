-- Saudi ZATCA: sandbox
UPDATE res_company SET l10n_sa_api_mode = 'sandbox';
