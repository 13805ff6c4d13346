package dev.odoorelease.engine.internal.db;

import static dev.odoorelease.engine.internal.db.DbNames.quoteIdentifier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Temporary indexes that make deleting many rows of a table cheap. PostgreSQL runs a foreign key's
 * {@code ON DELETE} action (or check) once per deleted row, with a query on the referencing table;
 * without an index on the referencing column that query reads the whole table each time. Odoo leaves
 * many such columns unindexed ({@code message_main_attachment_id} on every mail.thread model points at
 * {@code ir_attachment}): dropping 2 000 attachments then meant 2 000 scans of 2 million partners, and
 * emptying the mail queue one scan of {@code mail_notification} per queued mail.
 *
 * <p>{@link #create} adds a partial index ({@code WHERE col IS NOT NULL}: small, and what the per-row
 * query can use) on every unindexed single-column foreign key to the table, inside the caller's
 * transaction; {@link #drop} removes them before it commits, so the copy keeps its own schema.
 */
public final class ReferencingIndexes {
    private final List<String> created = new ArrayList<>();

    private ReferencingIndexes() {
    }

    /** Referencing tables smaller than this (planner estimate) are scanned cheaply enough: not indexed. */
    private static final long MIN_ROWS = 1000;

    /**
     * Indexes the unindexed single-column foreign keys that reference {@code table} (in the public
     * schema), the table's own included, on referencing tables of at least {@value #MIN_ROWS} rows or
     * never analyzed. An index costs about one scan of its table: what a single deleted row costs
     * without it.
     */
    public static ReferencingIndexes create(Connection c, String table) throws SQLException {
        ReferencingIndexes r = new ReferencingIndexes();
        List<String[]> fks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT cl.relname, a.attname
                  FROM pg_constraint k
                  JOIN pg_class cl ON cl.oid = k.conrelid
                  JOIN pg_namespace n ON n.oid = cl.relnamespace AND n.nspname = 'public'
                  JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
                 WHERE k.contype = 'f' AND k.confrelid = to_regclass(?) AND cardinality(k.conkey) = 1
                   AND (cl.reltuples < 0 OR cl.reltuples >= ?)
                   AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = k.conrelid AND i.indkey[0] = k.conkey[1])
                 ORDER BY 1, 2""")) {
            ps.setString(1, "public." + quoteIdentifier(table));
            ps.setLong(2, MIN_ROWS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fks.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        try (Statement s = c.createStatement()) {
            for (String[] fk : fks) {
                String name = "odoo_release_tmp_fk_" + r.created.size();
                s.execute("CREATE INDEX " + name + " ON " + quoteIdentifier(fk[0]) + " (" + quoteIdentifier(fk[1]) + ") WHERE "
                        + quoteIdentifier(fk[1]) + " IS NOT NULL");
                r.created.add(name);
            }
        }
        return r;
    }

    /** How many were created. */
    public int size() {
        return created.size();
    }

    /** Drops them (in the same transaction, before it commits). */
    public void drop(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String name : created) {
                s.execute("DROP INDEX " + name);
            }
        }
        created.clear();
    }
}
