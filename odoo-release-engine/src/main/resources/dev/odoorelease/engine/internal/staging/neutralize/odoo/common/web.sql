-- the red "neutralized" banner on every page
UPDATE ir_ui_view SET active = true WHERE key = 'web.neutralize_banner';
