-- series: 18
-- Google Cloud Storage bucket and service account removed
DELETE FROM ir_config_parameter WHERE key IN ('cloud_storage_google_bucket_name', 'cloud_storage_google_account_info');
