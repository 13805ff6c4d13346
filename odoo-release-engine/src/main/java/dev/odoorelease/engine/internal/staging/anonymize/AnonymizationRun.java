package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.engine.progress.ProgressListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import dev.odoorelease.engine.result.AnonymizationReport;

/**
 * One anonymization of the copy, in order: resolve the rules against its catalog and check them (no change
 * yet), then the delete rules, the attachment rules (rows and filestore files), the column rules table by
 * table (each table one transaction; those streamed already are only reported), and the clean-up that
 * leaves no original value in a file.
 */
final class AnonymizationRun {
    private final CopySession session;
    private final AnonymizationRules rules;
    private final Path filestore;
    private final StreamedAnonymization streamed;
    final AnonymizationResults results = new AnonymizationResults();
    private RulePlan plan;

    AnonymizationRun(CopySession session, AnonymizationRules rules, Path filestore, StreamedAnonymization streamed) {
        this.session = session;
        this.rules = rules;
        this.filestore = filestore;
        this.streamed = streamed;
    }

    RulePlan plan() {
        return plan;
    }

    void run(String stagingPassword, Map<String, String> environment) throws SQLException {
        Connection connection = session.connection();
        ProgressListener progress = session.progress();
        Catalog catalog = Catalog.read(connection);
        AnonymizationRules effective = TransientTables.emptied(connection, rules);
        connection.commit();
        plan = RulePlan.resolve(catalog, effective);
        PlanChecks checks = new PlanChecks(connection, plan);
        checks.checkFixedValues(true);
        ColumnRuleSql sql = new ColumnRuleSql(streamed != null && streamed.passwordHash() != null ? streamed.passwordHash()
                : checks.passwordHash(stagingPassword, environment, results, progress));
        checks.warnAboutTriggers(results);
        progress.info("Anonymizing: " + plan.tables().size() + " tables to change, " + plan.skipped().size()
                + " rules skipped (their table or column is absent), rewrite from " + session.rewriteThreshold() + " rows");

        RowDeleter deleter = new RowDeleter(session, results, streamed);
        for (RulePlan.TablePlan tp : plan.tables().values()) {
            if (tp.delete() != null) {
                deleter.delete(tp);
            }
        }
        scrubAttachments(catalog);
        ColumnRuleApplier columns = new ColumnRuleApplier(session, sql, results);
        for (RulePlan.TablePlan tp : plan.tables().values()) {
            if (!tp.columns().isEmpty() && !alreadyStreamed(tp, sql)) {
                columns.anonymize(tp);
            }
        }
        new TableCleanUp(session, results).run();
    }

    private void scrubAttachments(Catalog catalog) throws SQLException {
        if (catalog.table("ir_attachment") != null) {
            AttachmentScrubber scrubber = new AttachmentScrubber(session.connection(), filestore, session.progress());
            results.attachments.addAll(scrubber.run(rules.attachments()));
            results.warnings.addAll(scrubber.warnings());
            if (scrubber.changedRows()) {
                results.changedInPlace("ir_attachment");
            }
        } else if (!rules.attachments().isEmpty()) {
            results.warnings.add("no ir_attachment table: attachment rules skipped");
        }
    }

    /** Whether the copy streamed this table's rules already; then records them as done. */
    private boolean alreadyStreamed(RulePlan.TablePlan tp, ColumnRuleSql sql) {
        String table = tp.table().name();
        StreamedAnonymization.Table st = streamed == null ? null : streamed.table(table);
        if (st == null) {
            return false;
        }
        if (!st.expressions().equals(sql.expressions(tp))) {
            results.warn("table " + table + ": the rules applied while streaming differ from the rules for the copy; "
                    + "the copy's rules were applied again", session.progress());
            return false;
        }
        for (int i = 0; i < st.rules().size(); i++) {
            AnonymizationRule r = st.rules().get(i);
            results.columns.add(new AnonymizationReport.ColumnResult(table, r.column(), r.strategy().id(), "stream", st.counts()[i], r.origin()));
        }
        results.tables.add(new AnonymizationReport.TableResult(table, "stream", st.rows(), st.countMillis(), false,
                "anonymized while the rows streamed from the source: no original value reached the copy"));
        session.progress().info("  " + table + ": " + st.rows() + " rows, " + st.rules().size() + " columns anonymized while streaming");
        return true;
    }
}
