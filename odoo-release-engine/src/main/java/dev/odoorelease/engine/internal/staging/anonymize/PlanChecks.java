package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.progress.ProgressListener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What is checked and worked out once the rules are resolved against the catalog, before any row
 * changes: every fixed value is valid for its column's type, the staging password's hash, and the
 * triggers that would see the update path.
 */
final class PlanChecks {
    private final Connection connection;
    private final RulePlan plan;

    PlanChecks(Connection connection, RulePlan plan) {
        this.connection = connection;
        this.plan = plan;
    }

    /** @param commit end the read transaction afterwards (not in the source's snapshot) */
    void checkFixedValues(boolean commit) throws SQLException {
        for (RulePlan.TablePlan tp : plan.tables().values()) {
            for (RulePlan.ColumnPlan cp : tp.columns()) {
                if (cp.rule().strategy() != Strategy.FIXED) {
                    continue;
                }
                try (PreparedStatement ps = connection.prepareStatement("SELECT CAST(CAST(? AS text) AS " + cp.column().type() + ")")) {
                    ps.setString(1, cp.rule().value());
                    ps.executeQuery().close();
                } catch (SQLException e) {
                    connection.rollback();
                    throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to apply anonymization rule "
                            + cp.rule().describe() + ": its fixed value is not a valid " + cp.column().type() + " ("
                            + Anonymizer.primary(e) + "). Fix the value; nothing was changed.", e);
                }
            }
        }
        if (commit) {
            connection.commit();
        }
    }

    /**
     * The hash of the staging password the password rule writes, or null: no password rule, or no password given
     * ({@code stagingPassword}, else the rule's environment variable); then {@code missing} (when not null) gets the
     * warning that nobody can log in with a password (once per clone: the run on the copy warns).
     */
    String passwordHash(String stagingPassword, Map<String, String> environment, AnonymizationResults missing,
                        ProgressListener progress) {
        RulePlan.ColumnPlan pw = plan.tables().values().stream().flatMap(t -> t.columns().stream())
                .filter(c -> c.rule().strategy() == Strategy.PASSWORD).findFirst().orElse(null);
        if (pw == null) {
            return null;
        }
        String var = pw.rule().env() == null ? Anonymizer.DEFAULT_PASSWORD_ENV : pw.rule().env();
        String pwd = stagingPassword != null ? stagingPassword : environment.get(var);
        if (pwd == null || pwd.isEmpty()) {
            if (missing != null) {
                missing.warn("no staging password (Anonymizer.stagingPassword or environment variable " + var + "): "
                        + pw.rule().key() + " is set to NULL, so nobody can log in to staging with a password until one is set", progress);
            }
            return null;
        }
        return PasswordHash.staging(pwd);
    }

    /** Warns about the user triggers of the tables to change: they fire on the update path, not on the rewrite path. */
    void warnAboutTriggers(AnonymizationResults results) throws SQLException {
        List<String> names = new ArrayList<>(plan.tables().keySet());
        if (names.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(AnonymizerSql.TABLE_TRIGGERS)) {
            ps.setArray(1, connection.createArrayOf("text", names.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    results.warnings.add("table " + rs.getString(1) + " has triggers (" + rs.getString(2) + "): they fire on the update "
                            + "path and not on the rewrite path; check that none copies or derives personal values");
                }
            }
        }
        connection.commit();
    }
}
