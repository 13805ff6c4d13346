-- OAuth login providers off
UPDATE auth_oauth_provider SET enabled = false;
