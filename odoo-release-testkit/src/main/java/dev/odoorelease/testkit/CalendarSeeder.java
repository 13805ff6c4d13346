package dev.odoorelease.testkit;

import java.sql.SQLException;

/**
 * Calendar: lunch events with the sampled partners as attendees (video call links, access tokens).
 */
final class CalendarSeeder extends PartnerSampleSeeder {
    CalendarSeeder(SeedRun run) {
        super(run);
    }

    @Override
    void seed() throws SQLException {
        long events = nextId("calendar_event");
        exec("calendar_event", "INSERT INTO calendar_event (id, name, description, location, videocall_location, access_token, start, "
                + "stop, user_id, privacy, " + cols + ") SELECT ?::bigint + (p.id - ?::bigint), 'Lunch with ' || p.name, "
                + "'<p>Meet ' || p.name || ', ' || p.phone || '</p>', concat_ws(', ', p.street, p.city), "
                + "'https://meet.example.com/' || md5(p.email), md5('ev' || p.id), timestamp '2026-12-01 12:00:00', "
                + "timestamp '2026-12-01 13:00:00', 2, 'public', " + audit + from, events, ids.firstPartner);
        sync("calendar_event");
        exec("calendar_attendee", "INSERT INTO calendar_attendee (event_id, partner_id, common_name, access_token, state, " + cols + ") "
                + "SELECT ?::bigint + (p.id - ?::bigint), p.id, p.name, md5('att' || p.id), 'accepted', " + audit + from, events, ids.firstPartner);
    }
}
