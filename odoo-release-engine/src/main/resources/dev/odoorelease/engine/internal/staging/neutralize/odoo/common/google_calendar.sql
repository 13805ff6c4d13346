-- series: 16 17
-- Google Calendar: tokens dropped, synchronization stopped
UPDATE google_calendar_credentials
   SET calendar_rtoken = NULL, calendar_token = NULL, synchronization_stopped = true;
