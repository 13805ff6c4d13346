-- Outlook Calendar: tokens dropped
UPDATE res_users SET microsoft_calendar_token = NULL, microsoft_calendar_rtoken = NULL;

-- Outlook Calendar: synchronization stopped
UPDATE microsoft_calendar_credentials
   SET calendar_sync_token = NULL, synchronization_stopped = true, last_sync_date = NULL;
