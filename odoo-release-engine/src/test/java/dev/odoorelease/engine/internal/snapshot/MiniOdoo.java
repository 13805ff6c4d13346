package dev.odoorelease.engine.internal.snapshot;

import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.testkit.PgServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * The smallest Odoo-shaped environment the snapshot code reads: ir_module_module, ir_attachment with
 * content-addressed files in {@code <dataDir>/filestore/<db>}, and a table of business rows.
 */
final class MiniOdoo {
    private MiniOdoo() {
    }

    static Environment create(PgServer pg, String db, Path dataDir, int attachments, EnvironmentKind kind, SnapshotKind snapshotKind)
            throws Exception {
        pg.createDatabase(db);
        Path fs = dataDir.resolve("filestore").resolve(db);
        Files.createDirectories(fs);
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE ir_module_module (id serial PRIMARY KEY, name varchar NOT NULL UNIQUE, state varchar,
                                                   latest_version varchar);
                    CREATE TABLE ir_attachment (id serial PRIMARY KEY, name varchar, res_model varchar, res_id int,
                                                store_fname varchar, checksum varchar(40), file_size int, mimetype varchar);
                    CREATE TABLE res_partner (id serial PRIMARY KEY, name varchar, email varchar);
                    INSERT INTO ir_module_module (name, state, latest_version) VALUES
                      ('base', 'installed', '17.0.1.3'), ('web', 'installed', '17.0.1.0'), ('mail', 'installed', '17.0.1.15'),
                      ('crm', 'uninstalled', NULL);
                    INSERT INTO res_partner (name, email) SELECT 'Partner ' || g, 'p' || g || '@example.com' FROM generate_series(1, 500) g;
                    """);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ir_attachment (name, res_model, store_fname, checksum, file_size) VALUES (?, 'res.partner', ?, ?, ?)")) {
                for (int i = 0; i < attachments; i++) {
                    byte[] content = ("attachment " + i + " of " + db).getBytes(StandardCharsets.UTF_8);
                    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
                    String fname = sha.substring(0, 2) + "/" + sha;
                    Files.createDirectories(fs.resolve(sha.substring(0, 2)));
                    Files.write(fs.resolve(fname), content);
                    ps.setString(1, "file" + i + ".txt");
                    ps.setString(2, fname);
                    ps.setString(3, sha);
                    ps.setInt(4, content.length);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return Environment.builder(db.replace('_', '-')).kind(kind)
                .database(new DbTarget(pg.host(), pg.port(), db, PgServer.ODOO_ROLE, PgServer.ODOO_PASSWORD))
                .dataDir(dataDir).snapshotKind(snapshotKind).jobs(2).build();
    }

    static long count(PgServer pg, String db, String sql) throws Exception {
        try (Connection c = pg.connect(db); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
