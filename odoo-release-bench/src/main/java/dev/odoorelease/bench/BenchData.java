package dev.odoorelease.bench;

import dev.odoorelease.testkit.OdooSchema;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/** The synthetic Odoo 17.0 production environment the benchmarks run on. */
final class BenchData {
    private BenchData() {
    }

    /**
     * Creates database {@code prod} on the server, seeded with the given sizes and its filestore under {@code dataDir},
     * vacuumed, analyzed and checkpointed (so no benchmark pays for the seeding's leftovers). Returns the database size.
     */
    static long seedProduction(PgServer prod, Path dataDir, long partners, long messages, long files, int fileKb, Consumer<String> log)
            throws SQLException {
        prod.createDatabase("prod");
        log.accept("seeding: " + partners + " partners, " + messages + " messages, " + files + " attachments of ~" + fileKb + " KiB");
        try (Connection c = prod.connect("prod")) {
            OdooSchema.load(c, "17.0");
            OdooSeeder.forSeries("17.0").partners(partners).users(200).employees(2000).leads(20_000).messages(messages)
                    .mailQueue(100).attachments(files).attachmentSize(fileKb * 1024).filestore(dataDir, "prod")
                    .mailServer("smtp.bench.invalid", 25).progress(l -> log.accept("  " + l)).seed(c);
        }
        try (Connection c = prod.superConnect("prod"); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE");
            s.execute("CHECKPOINT");
        }
        try (Connection c = prod.connect("prod"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_database_size('prod')")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
