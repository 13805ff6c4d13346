-- Kenyan Tremol control unit: no proxy address
UPDATE res_company SET l10n_ke_cu_proxy_address = '';
