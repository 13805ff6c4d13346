-- series: 17 18
-- Vietnamese Viettel SInvoice: credentials blanked
UPDATE res_company SET l10n_vn_edi_username = '', l10n_vn_edi_password = '';
