package dev.odoorelease.testkit;

/**
 * An area whose rows copy a sample of the customer partners — the first tenth, at most 2 000 — as
 * the standard Community modules copy a partner's name, e-mail, phone and address into their own
 * tables.
 */
abstract class PartnerSampleSeeder extends AreaSeeder {
    /** The audit columns every row sets, and their values. */
    final String cols = "create_uid, create_date, write_uid, write_date";
    final String audit = "2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00'";
    /** How many partners the sample holds: a tenth of them, at least 1, at most 2 000. */
    final long n;
    /** {@code FROM res_partner p WHERE} the partner is in the sample. */
    final String from;

    /** Made once the partners are seeded (their first id is known). */
    PartnerSampleSeeder(SeedRun run) {
        super(run);
        this.n = Math.min(Math.max(partners / 10, 1), 2000);
        this.from = " FROM res_partner p WHERE p.id >= " + ids.firstPartner + " AND p.id < " + (ids.firstPartner + n);
    }
}
