package dev.odoorelease.engine.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.testkit.PgServerExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReferencingIndexesIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("refidx");

    @Test
    void indexesOnlyTheUnindexedForeignKeysOfBigTablesForTheTransaction() throws Exception {
        PG.server().createDatabase("refidx");
        try (Connection c = PG.server().connect("refidx"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE doc (id serial PRIMARY KEY, original_id int REFERENCES doc (id) ON DELETE CASCADE)");
            s.execute("CREATE TABLE partner (id serial PRIMARY KEY, main_doc_id int REFERENCES doc (id) ON DELETE SET NULL, "
                    + "other_doc_id int REFERENCES doc (id) ON DELETE SET NULL)");
            s.execute("CREATE INDEX partner_other ON partner (other_doc_id)");
            s.execute("CREATE TABLE tiny (id serial PRIMARY KEY, doc_id int REFERENCES doc (id) ON DELETE SET NULL)");
            s.execute("INSERT INTO doc (original_id) SELECT NULL FROM generate_series(1, 3000)");
            s.execute("INSERT INTO partner (main_doc_id, other_doc_id) SELECT g % 3000 + 1, g % 3000 + 1 FROM generate_series(1, 50000) g");
            s.execute("INSERT INTO tiny (doc_id) VALUES (1), (2)");
            s.execute("ANALYZE");
            c.setAutoCommit(false);

            ReferencingIndexes r = ReferencingIndexes.create(c, "doc");
            assertThat(r.size()).as("partner.main_doc_id and doc.original_id: unindexed; other_doc_id indexed; tiny too small").isEqualTo(2);
            assertThat(temporary(c)).containsExactlyInAnyOrder("doc", "partner");
            assertThat(s.executeLargeUpdate("DELETE FROM doc WHERE id <= 1000")).isEqualTo(1000);
            r.drop(c);
            assertThat(temporary(c)).as("dropped before the commit").isEmpty();
            c.commit();
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM partner WHERE main_doc_id <= 1000 OR other_doc_id <= 1000")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the foreign keys' actions ran").isZero();
            }
        }
    }

    private static List<String> temporary(Connection c) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT tablename FROM pg_indexes WHERE indexname LIKE 'odoo_release_tmp%' ORDER BY 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }
}
