-- series: 18
-- attachments no longer go to a cloud storage provider
DELETE FROM ir_config_parameter WHERE key = 'cloud_storage_provider';
