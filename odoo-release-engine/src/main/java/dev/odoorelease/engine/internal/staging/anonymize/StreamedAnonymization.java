package dev.odoorelease.engine.internal.staging.anonymize;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The column rules a live copy applies while it streams rows out of the source
 * ({@code COPY (SELECT <pseudonyms> FROM t) TO STDOUT}), planned by {@link Anonymizer#planStream()}
 * on a connection in the copied snapshot. The copy then receives pseudonyms only: the original
 * values of these columns never reach the staging server (not its tables, its WAL or its files),
 * and no second rewrite of the table is needed. {@link Anonymizer#streamed} then skips these rules
 * on the copy and reports them with the row counts taken from the source here.
 *
 * <p>Tables with a conditional delete rule are streamed as they are (the copy applies their rules
 * after deleting, so the counts stay those of the rows that remain); tables a rule empties (a
 * delete without {@code where}: API keys, devices, wizards) are not streamed at all: their rows
 * never reach the staging server.
 */
public final class StreamedAnonymization implements dev.odoorelease.engine.internal.db.StreamingCopy.Transform {
    /** One streamed table: its expressions, the rules as resolved, the rows each rule changes. */
    record Table(String name, Map<String, String> expressions, long rows, long[] counts, List<AnonymizationRule> rules,
                 long countMillis) {
    }

    private final Map<String, Table> tables;
    private final Map<String, Long> emptied;
    private final String passwordHash;
    private final long planMillis;

    StreamedAnonymization(Map<String, Table> tables, Map<String, Long> emptied, String passwordHash, long planMillis) {
        this.tables = Map.copyOf(tables);
        this.emptied = Map.copyOf(emptied);
        this.passwordHash = passwordHash;
        this.planMillis = planMillis;
    }

    /** Tables copied without their rows (a delete rule empties them): not one row is streamed. */
    @Override
    public boolean emptied(String schema, String table) {
        return "public".equals(schema) && emptied.containsKey(table);
    }

    /** The rows an emptied table had on the source (what its delete rule removed), or null if it was streamed. */
    Long emptiedRows(String table) {
        return emptied.get(table);
    }

    /**
     * Column name → SQL expression over the source row, for the columns of {@code schema.table} the
     * copy rewrites; empty for tables copied as they are (the shape of {@code StreamingCopy.Transform}).
     */
    @Override
    public Map<String, String> columns(String schema, String table) {
        Table t = "public".equals(schema) ? tables.get(table) : null;
        return t == null ? Map.of() : t.expressions();
    }

    /** The streamed tables and their rows. */
    public Map<String, Long> tables() {
        Map<String, Long> m = new LinkedHashMap<>();
        tables.values().forEach(t -> m.put(t.name(), t.rows()));
        return m;
    }

    /** Time spent planning (catalog, checks, counting the rows on the source). */
    public long planMillis() {
        return planMillis;
    }

    /** The staging password's hash the streamed password rule wrote (600 000 PBKDF2 rounds: computed once), or null. */
    String passwordHash() {
        return passwordHash;
    }

    Table table(String name) {
        return tables.get(name);
    }
}
