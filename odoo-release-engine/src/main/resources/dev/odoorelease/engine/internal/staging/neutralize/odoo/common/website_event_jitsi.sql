-- no Jitsi server for event rooms
DELETE FROM ir_config_parameter WHERE key = 'website_jitsi.jitsi_server_domain';
