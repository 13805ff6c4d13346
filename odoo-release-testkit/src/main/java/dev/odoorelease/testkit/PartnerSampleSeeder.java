package dev.odoorelease.testkit;

/**
 * An area whose rows copy a sample of the customer partners — the first tenth, at most 2 000 — as
 * the standard Community modules copy a partner's name, e-mail, phone and address into their own
 * tables.
 */
abstract class PartnerSampleSeeder extends AreaSeeder {
    static final String AUDIT_COLUMNS = "create_uid, create_date, write_uid, write_date";
    static final String AUDIT_VALUES = "2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00'";

    PartnerSampleSeeder(SeedRun run) {
        super(run);
    }

    /** How many partners the sample holds: a tenth of them, at least 1, at most 2 000. */
    long sampleSize() {
        return Math.min(Math.max(partners / 10, 1), 2000);
    }

    /** {@code FROM res_partner p WHERE} the partner is in the sample. */
    String fromSample() {
        return " FROM res_partner p WHERE p.id >= " + ids.firstPartner + " AND p.id < " + (ids.firstPartner + sampleSize());
    }
}
