package dev.odoorelease.engine.internal.staging.neutralize;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.OdooDatabase;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.NeutralizationReport.Action;
import dev.odoorelease.engine.result.NeutralizationReport.TableChange;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import dev.odoorelease.engine.result.NeutralizationReport;

/**
 * One neutralization, step by step, inside the transaction {@link Neutralizer} opened: check that it is an
 * Odoo database of a known series, read what reaches out, apply Odoo's rules and the gaps, give the copy its
 * own identity, point mail at the catcher, verify (around the project SQL), and report what changed.
 */
final class NeutralizationRun {
    /** Installed modules known to ship a neutralize.sql that is not public (Odoo Enterprise). */
    private static final Map<String, String> ENTERPRISE_NEUTRALIZED = Map.of(
            "account_online_synchronization", "bank synchronization");

    private final Connection connection;
    private final String database;
    private final String url;
    private final MailCatcher catcher;
    private final List<ProjectSqlFile> files;
    private final NeutralizationLog log;
    private final ProgressListener progress;

    NeutralizationRun(Connection connection, String database, String url, MailCatcher catcher, List<ProjectSqlFile> files,
                      NeutralizationLog log, ProgressListener progress) {
        this.connection = connection;
        this.database = database;
        this.url = url;
        this.catcher = catcher;
        this.files = files;
        this.log = log;
        this.progress = progress;
    }

    NeutralizationReport apply(long t0) throws SQLException {
        try (CopyDatabase copy = new CopyDatabase(connection)) {
            copy.execute("SET LOCAL lock_timeout = '60s'");
            copy.readCatalog();
            String series = requireKnownOdoo(copy);
            progress.info("Neutralizing database " + database + " (Odoo " + series + ", " + copy.installed().size() + " installed modules)");
            RowChanges rowChanges = new RowChanges(copy);
            StatementApplier statements = new StatementApplier(copy, log, rowChanges, progress);

            Map<String, String> paramsBefore = OutboundState.parameters(copy);
            paramsBefore.forEach((key, value) -> {
                if (Neutralizer.isSecretKey(key)) {
                    log.addSecret(value);
                }
            });
            OutboundState before = new OutboundState(paramsBefore, OutboundState.activeCrons(copy),
                    OutboundState.activeMailServers(copy, log), OutboundState.activeFetchmailServers(copy, log));

            // 1. Odoo's own neutralization of every installed module, base first
            applyOdooRules(copy, series, statements);
            // 2. the gaps
            for (Rules.Rule rule : Rules.gaps()) {
                statements.applyRule(rule);
            }
            // 3. the copy's own identity and URL, no credential left in its configuration
            new CopyIdentity(copy, log, rowChanges).apply(url);
            // 4. the mail catcher
            if (catcher != null) {
                catcher.pointActiveServerAtIt(copy, log, rowChanges, progress);
            }
            // 5. verification; with project SQL, it runs after it
            verifyAroundProjectSql(copy, statements);
            // 6. the report
            return report(copy, series, before, rowChanges, t0);
        }
    }

    /** Sets the copy's installed modules and returns its series, or refuses a database that is not a known Odoo. */
    private String requireKnownOdoo(CopyDatabase copy) throws SQLException {
        if (!copy.catalog().hasTable("ir_module_module") || !copy.catalog().hasTable("ir_config_parameter")) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to neutralize database " + database
                    + ": it has no ir_module_module or ir_config_parameter table, so it is not an Odoo database. "
                    + "Check that the clone copied the right database.");
        }
        Map<String, String> modules = OdooDatabase.installedModules(connection);
        String s = OdooDatabase.series(modules);
        if (s == null || !Rules.SERIES.contains(s)) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to neutralize database " + database
                    + ": its Odoo series is " + (s == null ? "unknown (module base is not installed)" : s)
                    + ", and odoo-release has neutralization rules for " + new TreeSet<>(Rules.SERIES)
                    + " only. Neutralize it with that Odoo's own `odoo-bin neutralize` instead.");
        }
        log.series(s);
        copy.installed(modules.keySet());
        return s;
    }

    private void applyOdooRules(CopyDatabase copy, String series, StatementApplier statements) throws SQLException {
        List<Rules.Rule> moduleRules = new ArrayList<>(Rules.odooModules(series));
        moduleRules.sort((a, b) -> Boolean.compare(!a.module().equals("base"), !b.module().equals("base")));
        for (Rules.Rule rule : moduleRules) {
            if (copy.installed().contains(rule.module())) {
                statements.applyRule(rule);
                log.modulesNeutralized.add(rule.module());
            }
        }
        progress.info("  Odoo's neutralization of " + log.modulesNeutralized.size() + " modules applied: "
                + String.join(", ", log.modulesNeutralized));
        ENTERPRISE_NEUTRALIZED.forEach((module, what) -> {
            if (copy.installed().contains(module)) {
                log.warn("module " + module + " is installed: Odoo Enterprise neutralizes its " + what
                        + " with its own neutralize.sql, which odoo-release does not have. Add project SQL for it.");
            }
        });
    }

    /**
     * Verifies after the rules; with project SQL, after it too: the project may finish what a customised schema
     * kept the rules from doing (e.g. insert its own dummy mail server), or re-enable a scheduled action on
     * purpose (a warning — unless the rules had left it active).
     */
    private void verifyAroundProjectSql(CopyDatabase copy, StatementApplier statements) throws SQLException {
        NeutralityCheck check = new NeutralityCheck(copy, log, url, catcher);
        List<String> soft = new ArrayList<>();
        List<String> hard = check.problems(soft);
        String series = log.series();
        if (files.isEmpty()) {
            hard.addAll(soft);
            if (!hard.isEmpty()) {
                throw log.notNeutral("Unable to neutralize database "
                        + database + " (Odoo " + series + "): after the neutralization rules, " + String.join("; ", hard)
                        + ". Nothing was changed (rolled back). The schema differs from what the rules expect"
                        + (log.warnings.isEmpty() ? "" : " (warnings: " + String.join("; ", log.warnings) + ")")
                        + ": add project SQL that neutralizes it (customSql), or report it.");
            }
            return;
        }
        boolean rulesLeftCronsActive = !soft.isEmpty();
        for (ProjectSqlFile f : files) {
            statements.applyProjectFile(f);
        }
        copy.readCatalog();
        soft.clear();
        hard = check.problems(soft);
        if (rulesLeftCronsActive) {
            hard.addAll(soft);
            soft.clear();
        }
        if (!hard.isEmpty()) {
            throw log.notNeutral("Unable to neutralize database "
                    + database + " (Odoo " + series + "): after the neutralization rules and the project SQL ("
                    + String.join(", ", log.customApplied) + "), " + String.join("; ", hard)
                    + ". Nothing was changed (rolled back). Fix the project SQL"
                    + (log.warnings.isEmpty() ? "" : " (warnings: " + String.join("; ", log.warnings) + ")") + ".");
        }
        for (String w : soft) {
            log.warn("after the project SQL: " + w);
        }
    }

    private NeutralizationReport report(CopyDatabase copy, String series, OutboundState before, RowChanges rowChanges, long t0)
            throws SQLException {
        OutboundState after = OutboundState.read(copy, log);
        List<String> cronsDisabled = before.cronsDisabledBy(after, log);
        List<TableChange> tables = new ArrayList<>();
        for (Map.Entry<String, List<Action>> e : log.tableActions.entrySet()) {
            tables.add(new TableChange(e.getKey(), rowChanges.rowsChanged(e.getKey(), e.getValue()), e.getValue()));
        }
        long elapsed = (System.nanoTime() - t0) / 1_000_000;
        return new NeutralizationReport(series, log.modulesNeutralized, tables, before.parameterChanges(after, log),
                cronsDisabled, OutboundState.disabled(before.mailServers(), after.mailServers()),
                OutboundState.disabled(before.fetchmailServers(), after.fetchmailServers()),
                catcher == null ? null : catcher.asServer(), log.rowsDeleted, log.customApplied, log.warnings, elapsed);
    }
}
