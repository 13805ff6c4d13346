-- series: 17 18
-- Hungarian NAV: production companies switch to test, credentials blanked
-- requires: res_company(l10n_hu_edi_server_mode)
UPDATE res_company
   SET l10n_hu_edi_server_mode = 'test', l10n_hu_edi_username = '', l10n_hu_edi_password = '',
       l10n_hu_edi_signature_key = '', l10n_hu_edi_replacement_key = ''
 WHERE l10n_hu_edi_server_mode = 'production';
