package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.testkit.SqlQueries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.testkit.PgServerExtension;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.odoorelease.engine.result.AnonymizationReport;

/** The rewrite path keeps the catalog; both paths give the same values; refreshes give the same values. */
class AnonymizerRewriteIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("anon-rewrite");

    static final List<String> TABLES = List.of("res_partner", "res_users", "hr_employee", "resource_resource", "res_partner_bank",
            "crm_lead", "mail_message", "mail_mail", "mail_tracking_value", "payment_transaction", "payment_token", "ir_attachment");

    /** Everything about the schema a rewrite could lose, as comparable text. */
    static Map<String, List<String>> catalog(Connection c) throws Exception {
        Map<String, List<String>> m = new TreeMap<>();
        m.put("indexes", SqlQueries.strings(c, "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"));
        m.put("constraints (incl. foreign keys from other tables)", SqlQueries.strings(c, "SELECT conrelid::regclass || '.' || conname || ': ' "
                + "|| pg_get_constraintdef(oid) || ' validated=' || convalidated || ' deferrable=' || condeferrable FROM pg_constraint "
                + "WHERE connamespace = 'public'::regnamespace ORDER BY 1"));
        m.put("columns, defaults, nullability, collations", SqlQueries.strings(c, "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' "
                + "|| coalesce(character_maximum_length::text, '') || ' default=' || coalesce(column_default, '-') || ' null=' || is_nullable "
                + "|| ' coll=' || coalesce(collation_name, '-') FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1"));
        m.put("sequence ownership", SqlQueries.strings(c, "SELECT s.relname || ' owned by ' || t.relname || '.' || a.attname FROM pg_depend d "
                + "JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_class t ON t.oid = d.refobjid "
                + "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid WHERE d.deptype IN ('a', 'i') ORDER BY 1"));
        m.put("triggers", SqlQueries.strings(c, "SELECT tgname || ': ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1"));
        m.put("table oids, grants, options", SqlQueries.strings(c, "SELECT relname || ' ' || oid || ' ' || coalesce(relacl::text, '-') || ' ' "
                + "|| coalesce(reloptions::text, '-') || ' ' || relpersistence::text FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                + "AND relkind = 'r' ORDER BY 1"));
        m.put("comments", SqlQueries.strings(c, "SELECT objoid::regclass || '.' || objsubid || ': ' || description FROM pg_description "
                + "WHERE classoid = 'pg_class'::regclass AND objoid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace) ORDER BY 1"));
        m.put("statistics targets", SqlQueries.strings(c, "SELECT attrelid::regclass || '.' || attname || '=' || attstattarget FROM pg_attribute "
                + "WHERE attstattarget > 0 AND attrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace) ORDER BY 1"));
        return m;
    }

    static final String JOINS = """
            SELECT (SELECT count(*) FROM mail_message m JOIN res_partner p ON p.id = m.author_id)
                 || '/' || (SELECT count(*) FROM res_users u JOIN res_partner p ON p.id = u.partner_id)
                 || '/' || (SELECT count(*) FROM res_partner c JOIN res_partner p ON p.id = c.parent_id)
                 || '/' || (SELECT count(*) FROM hr_employee e JOIN res_partner p ON p.id = e.work_contact_id)
                 || '/' || (SELECT count(*) FROM res_partner_bank b JOIN res_partner p ON p.id = b.partner_id)
                 || '/' || (SELECT count(*) FROM mail_tracking_value v JOIN mail_message m ON m.id = v.mail_message_id)""";

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(strings = {"16.0", "17.0", "18.0"})
    void theRewritePathKeepsEveryIndexConstraintForeignKeyDefaultAndSequence(String series) throws Exception {
        String db = "rewrite_" + series.substring(0, 2);
        Seeded.create(PG.server(), db, series, null);
        try (Connection c = PG.server().connect(db)) {
            // things Odoo does not have but a customised database may: a trigger, a comment, a grant, a statistics target
            SqlQueries.exec(c, "CREATE FUNCTION x_touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$");
            SqlQueries.exec(c, "CREATE TRIGGER x_partner_touch BEFORE UPDATE ON res_partner FOR EACH ROW EXECUTE FUNCTION x_touch()");
            SqlQueries.exec(c, "COMMENT ON COLUMN res_partner.email IS 'customer e-mail'");
            SqlQueries.exec(c, "ALTER TABLE res_partner ALTER COLUMN email SET STATISTICS 500");
            SqlQueries.exec(c, "GRANT SELECT ON res_partner TO PUBLIC");
            Map<String, List<String>> before = catalog(c);
            String joins = SqlQueries.string(c, JOINS);
            long fks = SqlQueries.count(c, "SELECT count(*) FROM pg_constraint WHERE confrelid = 'res_partner'::regclass");
            assertThat(fks).as("foreign keys pointing to res_partner in the fixture").isGreaterThan(15);

            AnonymizationReport r = new Anonymizer(Seeded.freshClone(c)).rules(AnonymizationRules.builtIn(series)).rewriteThreshold(1).run();

            for (String t : List.of("res_partner", "res_users", "mail_message", "hr_employee", "crm_lead")) {
                assertThat(r.table(t).method()).as(t + " went through the rewrite path").isEqualTo("rewrite");
            }
            Map<String, List<String>> after = catalog(c);
            for (String k : before.keySet()) {
                assertThat(after.get(k)).as(k + " unchanged by the rewrite").containsExactlyElementsOf(before.get(k));
            }
            assertThat(SqlQueries.string(c, JOINS)).as("rows referencing the rewritten tables still join").isEqualTo(joins);
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE email LIKE '%@example.invalid'")).isPositive();
            long next = SqlQueries.count(c, "SELECT nextval(pg_get_serial_sequence('res_partner', 'id'))");
            assertThat(next).as("the id sequence still serves new partners").isGreaterThan(SqlQueries.count(c, "SELECT max(id) FROM res_partner"));
            SqlQueries.exec(c, "INSERT INTO res_partner (name, type, active) VALUES ('New one', 'contact', true)");
            SqlQueries.exec(c, "UPDATE mail_message SET author_id = (SELECT max(id) FROM res_partner) WHERE id = (SELECT min(id) FROM mail_message)");
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM pg_constraint WHERE confrelid = 'res_partner'::regclass AND convalidated"))
                    .as("foreign keys to res_partner still there and validated").isEqualTo(fks);
        }
    }

    @Test
    void aViewOnAColumnSendsItsTableToTheUpdatePathWithTheSameResult() throws Exception {
        Seeded.create(PG.server(), "rewrite_view", "17.0", null);
        Seeded.copy(PG.server(), "rewrite_view", "rewrite_view_b");
        try (Connection c = PG.server().connect("rewrite_view")) {
            // like hr_employee_public in real Odoo: a view over personal columns blocks ALTER COLUMN TYPE
            SqlQueries.exec(c, "CREATE VIEW x_lead_contacts AS SELECT id, contact_name, email_from FROM crm_lead");
            AnonymizationReport r = new Anonymizer(Seeded.freshClone(c)).rules(AnonymizationRules.builtIn("17.0")).rewriteThreshold(1).run();
            assertThat(r.table("crm_lead").method()).isEqualTo("update");
            assertThat(r.table("crm_lead").note()).as("the report says why").contains("view");
            assertThat(r.table("crm_lead").vacuumed()).isTrue();
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM x_lead_contacts WHERE email_from NOT LIKE 'lead%@example.invalid'")).isZero();
        }
        try (Connection a = PG.server().connect("rewrite_view"); Connection b = PG.server().connect("rewrite_view_b")) {
            new Anonymizer(Seeded.freshClone(b)).rules(AnonymizationRules.builtIn("17.0")).rewriteThreshold(1).run();
            assertThat(digest(a, "crm_lead")).as("update and rewrite give the same values").isEqualTo(digest(b, "crm_lead"));
        }
    }

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(strings = {"16.0", "18.0"})
    void twoCopiesAnonymizedSeparatelyAreIdentical(String series) throws Exception {
        String major = series.substring(0, 2);
        Seeded.create(PG.server(), "det_prod_" + major, series, null);
        Seeded.copy(PG.server(), "det_prod_" + major, "det_a_" + major);
        Seeded.copy(PG.server(), "det_prod_" + major, "det_b_" + major);
        try (Connection a = PG.server().connect("det_a_" + major); Connection b = PG.server().connect("det_b_" + major)) {
            // two refreshes, on different paths: every table rewritten in one, updated in the other
            new Anonymizer(Seeded.freshClone(a)).rules(AnonymizationRules.builtIn(series)).stagingPassword("pw").rewriteThreshold(1).run();
            new Anonymizer(Seeded.freshClone(b)).rules(AnonymizationRules.builtIn(series)).stagingPassword("pw").rewriteThreshold(Long.MAX_VALUE).run();
            for (String t : TABLES) {
                assertThat(digest(b, t)).as(t + ": the same production rows get the same pseudonyms").isEqualTo(digest(a, t));
            }
            assertThat(SqlQueries.string(a, "SELECT email FROM res_partner WHERE id = (SELECT max(id) FROM res_partner)")).endsWith("@example.invalid");
        }
    }

    static String digest(Connection c, String table) throws Exception {
        return SqlQueries.string(c, "SELECT count(*) || ':' || md5(string_agg(t::text, '|' ORDER BY t.id)) FROM " + table + " t");
    }
}
