package dev.odoorelease.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One seeding of one database, shared by the area seeders: the connection, the options, the rows
 * written per table, the first ids of the blocks the areas seeded (later areas link to them), and the
 * statement helpers (counted inserts, chunking, bulk inserts without foreign keys, sequence sync).
 */
final class SeedRun {
    static final int CHUNK = 250_000;
    static final long BULK_THRESHOLD = 100_000;

    final Connection c;
    final SeedOptions options;
    final int major;
    /** res_partner's computed name column: display_name in 16, complete_name from 17. */
    final String nameCol;
    final Consumer<String> progress;
    final Map<String, Long> rows = new LinkedHashMap<>();
    final FirstIds ids = new FirstIds();
    long attachmentRows;
    long distinctFiles;
    long distinctBytes;
    long attachmentBytes;
    private boolean noCommit;

    /** The first id of each seeded block that other areas refer to (0 when the area seeded nothing). */
    static final class FirstIds {
        long firstPartner;   // customer partners [firstPartner, firstPartner + partners)
        long firstUser;      // users
        long firstEmployee;  // employees
        long firstLead;      // leads
        long firstMessage;   // chatter messages
    }

    SeedRun(Connection c, SeedOptions options) {
        this.c = c;
        this.options = options;
        this.major = options.series().major();
        this.nameCol = major == 16 ? "display_name" : "complete_name";
        this.progress = options.progress();
    }

    long exec(String table, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            long n = ps.executeLargeUpdate();
            if (table != null) {
                rows.merge(table, n, Long::sum);
            }
            return n;
        } catch (SQLException e) {
            String shown = sql.length() > 1500 ? sql.substring(sql.length() - 1500) : sql;
            throw new SQLException("seeding " + table + " failed: " + e.getMessage() + "\nSQL (end): " + shown, e.getSQLState(), e);
        }
    }

    /** Moves a table's id sequence past rows inserted with explicit ids. */
    void sync(String... tables) throws SQLException {
        for (String table : tables) {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), "
                        + "GREATEST((SELECT COALESCE(max(id), 0) FROM " + table + "), 1))");
            }
        }
    }

    long nextId(String table) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(max(id), 0) + 1 FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Runs a big insert with the table's own foreign keys dropped and re-added afterwards (one
     * validating scan per key instead of a trigger per row), all in one transaction, so a failure
     * rolls the keys back too. Small inserts run as they are.
     */
    void bulk(String table, long expectedRows, Body body) throws SQLException {
        if (expectedRows < BULK_THRESHOLD) {
            body.run();
            return;
        }
        c.commit();
        List<String[]> fks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE conrelid = ?::regclass AND contype = 'f' ORDER BY conname")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fks.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String[] fk : fks) {
                st.execute("ALTER TABLE " + table + " DROP CONSTRAINT \"" + fk[0] + "\"");
            }
        }
        noCommit = true;
        try {
            body.run();
        } finally {
            noCommit = false;
        }
        long t0 = System.nanoTime();
        try (Statement st = c.createStatement()) {
            for (String[] fk : fks) {
                st.execute("ALTER TABLE " + table + " ADD CONSTRAINT \"" + fk[0] + "\" " + fk[1]);
            }
        }
        c.commit();
        progress.accept(table + ": " + fks.size() + " foreign keys re-added and validated in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    void commit() throws SQLException {
        if (!noCommit) {
            c.commit();
        }
    }

    void chunked(String what, long total, ChunkBody body) throws SQLException {
        for (long lo = 0; lo < total; lo += CHUNK) {
            long hi = Math.min(total, lo + CHUNK) - 1;
            body.run(lo, hi);
            commit();
            if (total > CHUNK) {
                progress.accept(what + ": " + (hi + 1) + "/" + total);
            }
        }
    }

    String v(String s16, String s17, String s18) {
        return major == 16 ? s16 : major == 17 ? s17 : s18;
    }

    void chunkedIds(String what, long from, long to, ChunkBody body) throws SQLException {
        for (long lo = from; lo <= to; lo += CHUNK) {
            long hi = Math.min(to, lo + CHUNK - 1);
            body.run(lo, hi);
            commit();
        }
        if (to - from + 1 > CHUNK) {
            progress.accept(what + ": done");
        }
    }

    /** Moves the id sequence of every table seeded with explicit ids (and Odoo's shared actions sequence) past its rows. */
    void resetSequences() throws SQLException {
        for (String table : rows.keySet()) {
            if (table.endsWith("_rel") || table.equals("ir_act_server")) {
                continue;
            }
            sync(table);
        }
        try (Statement s = c.createStatement()) {
            s.execute("SELECT setval('ir_actions_id_seq', GREATEST((SELECT max(id) FROM ir_actions), 1))");
        }
    }

    @FunctionalInterface
    interface Body {
        void run() throws SQLException;
    }

    @FunctionalInterface
    interface ChunkBody {
        void run(long lo, long hi) throws SQLException;
    }
}
