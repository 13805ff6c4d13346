-- Google Calendar: tokens dropped, synchronization stopped
UPDATE res_users_settings
   SET google_calendar_rtoken = NULL, google_calendar_token = NULL, google_synchronization_stopped = true;
