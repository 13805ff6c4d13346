package dev.odoorelease.engine.internal.staging.neutralize;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.Redactor;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.NeutralizationReport.Action;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one neutralization did, as it goes: the statements per table, the rows deleted, the modules
 * neutralized, the project files applied and the warnings; and the secret values seen so far, so that no
 * warning, report line or error message it makes can show one.
 */
final class NeutralizationLog {
    private final String database;
    private final ProgressListener progress;
    private final Set<String> secrets = new LinkedHashSet<>();
    private Redactor redactor = Redactor.patternsOnly();
    private int redactorSecrets;
    private String series = "?";
    final Map<String, List<Action>> tableActions = new LinkedHashMap<>();
    final Map<String, Long> rowsDeleted = new LinkedHashMap<>();
    final List<String> modulesNeutralized = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> customApplied = new ArrayList<>();

    NeutralizationLog(String database, ProgressListener progress) {
        this.database = database;
        this.progress = progress;
    }

    String database() {
        return database;
    }

    String series() {
        return series;
    }

    void series(String series) {
        this.series = series;
    }

    /** Appends a statement's record to its table's list. */
    void action(String table, Action action) {
        tableActions.computeIfAbsent(table, k -> new ArrayList<>()).add(action);
    }

    /** Remembers a value that must never be shown (too short a value is not a secret worth masking). */
    void addSecret(String value) {
        if (value != null && value.strip().length() >= 6) {
            secrets.add(value);
        }
    }

    /** Masks every secret value seen so far (built once per batch of new secrets). */
    Redactor redactor() {
        if (redactorSecrets != secrets.size()) {
            redactor = Redactor.of(secrets);
            redactorSecrets = secrets.size();
        }
        return redactor;
    }

    void warn(String message) {
        String m = redactor().redact(message);
        warnings.add(m);
        progress.warn(m);
    }

    /** The error that ends the run: the whole neutralization is rolled back. */
    OdooReleaseException failure(String what, SQLException e) {
        ErrorCode code = "53100".equals(e.getSQLState()) ? ErrorCode.IO
                : e.getSQLState() != null && e.getSQLState().startsWith("08") ? ErrorCode.DB_CONNECTION : ErrorCode.SQL;
        return new OdooReleaseException(code, redactor().redact("Unable to neutralize database " + database + " (Odoo " + series
                + "): " + what + (what.endsWith(".") ? "" : ".") + " Nothing was changed: the whole neutralization was rolled back."),
                e);
    }

    /** A verification failure: the result is not neutral, so the run is rolled back. */
    OdooReleaseException notNeutral(String message) {
        return new OdooReleaseException(ErrorCode.VERIFICATION, redactor().redact(message));
    }
}
