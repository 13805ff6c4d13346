package dev.odoorelease.testkit;

import static dev.odoorelease.testkit.SeedSql.*;

import java.sql.SQLException;

/** OCA {@code queue_job} rows in every state, some failed with their traceback. */
final class QueueJobSeeder extends AreaSeeder {
    QueueJobSeeder(SeedRun run) {
        super(run);
    }

    @Override
    void seed() throws SQLException {
        if (queueJobs == 0) {
            return;
        }
        String records = partners > 0 ? "'{\"_type\": \"odoo_recordset\", \"model\": \"res.partner\", \"uid\": 2, \"ids\": [' || (" + ids.firstPartner
                + " + i % " + partners + ") || ']}'" : "'{\"_type\": \"odoo_recordset\", \"model\": \"res.partner\", \"uid\": 2, \"ids\": [3]}'";
        exec("queue_job", "INSERT INTO queue_job (uuid, user_id, company_id, name, model_name, method_name, records, args, kwargs, "
                + "func_string, state, priority, exc_name, exc_message, exc_info, result, date_created, date_started, date_enqueued, "
                + "date_done, exec_time, eta, retry, max_retries, channel_method_name, job_function_id, channel, identity_key) "
                + "SELECT (md5('job' || i))::uuid::text, 2, 1, 'Geolocate partner ' || i, 'res.partner', 'geo_localize', " + records
                + ", '[]', '{}', 'res.partner(' || i || ',).geo_localize()', "
                + "(ARRAY['pending', 'enqueued', 'started', 'done', 'failed', 'wait_dependencies'])[1 + i % 6], 10, "
                + "CASE WHEN i % 6 = 4 THEN 'requests.exceptions.ConnectionError' END, "
                + "CASE WHEN i % 6 = 4 THEN 'HTTPSConnectionPool(host=''nominatim.openstreetmap.org'', port=443)' END, "
                + "CASE WHEN i % 6 = 4 THEN 'Traceback (most recent call last): ...' END, "
                + "CASE WHEN i % 6 = 3 THEN 'Geolocated' END, timestamp '2026-11-22 08:00:00' + i * interval '1 minute', "
                + "CASE WHEN i % 6 IN (2, 3, 4) THEN timestamp '2026-11-22 08:00:05' + i * interval '1 minute' END, "
                + "CASE WHEN i % 6 IN (1, 2, 3, 4) THEN timestamp '2026-11-22 08:00:01' + i * interval '1 minute' END, "
                + "CASE WHEN i % 6 = 3 THEN timestamp '2026-11-22 08:00:09' + i * interval '1 minute' END, "
                + "CASE WHEN i % 6 = 3 THEN 3.5 END, NULL, (i % 3)::int, 5, '<res.partner>.geo_localize', "
                + "(SELECT min(id) FROM queue_job_function), 'root', NULL FROM generate_series(0::bigint, ?::bigint) i",
                queueJobs - 1);
        c.commit();
    }
}
