package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.engine.internal.db.SqlResource;

/** The anonymization's longer catalog queries, from the {@code .sql} resources of this package. */
final class AnonymizerSql {
    /** Table name, its user triggers (comma-separated) of the tables named in the array parameter. */
    static final String TABLE_TRIGGERS = SqlResource.load(AnonymizerSql.class, "table-triggers.sql");
    /** The column names of a constraint (parameters: constraint name, quoted table name). */
    static final String CONSTRAINT_COLUMNS = SqlResource.load(AnonymizerSql.class, "constraint-columns.sql");

    private AnonymizerSql() {
    }
}
