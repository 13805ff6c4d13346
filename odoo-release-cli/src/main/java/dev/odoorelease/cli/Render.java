package dev.odoorelease.cli;

import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.EnvironmentStatus;
import dev.odoorelease.engine.result.RollbackResult;
import dev.odoorelease.engine.result.DriftReport;
import dev.odoorelease.engine.result.DriftResult;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.result.ProbeResult;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.result.CloneResult;
import dev.odoorelease.engine.result.RestoreResult;
import dev.odoorelease.engine.result.SnapshotResult;
import dev.odoorelease.engine.result.StageCloneReport;
import dev.odoorelease.engine.result.StageCloneResult;
import dev.odoorelease.engine.result.VerificationCheck;
import dev.odoorelease.engine.result.AnonymizationReport;
import dev.odoorelease.engine.result.NeutralizationReport;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.result.SnapshotManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The human text of each result: short, what happened first, then what to do next. */
final class Render {
    private Render() {
    }

    static List<String> list(String heading, List<String> items) {
        List<String> out = new ArrayList<>();
        out.add(heading);
        items.forEach(i -> out.add("  - " + i));
        return out;
    }

    static List<String> snapshot(SnapshotResult r) {
        Snapshot s = r.snapshot();
        SnapshotManifest m = s.manifest();
        return List.of(
                "Snapshot " + s.id() + " of " + s.environment() + " (" + s.kind().id() + ", " + s.status().id() + ") in "
                        + Sizes.human(r.duration()) + ": database " + m.database() + " " + Sizes.human(m.databaseBytes())
                        + ", filestore " + m.filestoreFiles() + " files / " + Sizes.human(m.filestoreBytes()) + ", "
                        + m.modules().size() + " modules" + (m.odooSeries() == null ? "" : " (Odoo " + m.odooSeries() + ")"),
                "  undo: odoo-release snapshots delete " + s.environment() + " " + s.id());
    }

    static List<String> snapshots(String environment, List<Snapshot> list) {
        if (list.isEmpty()) {
            return List.of("No snapshots of " + environment + ".");
        }
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%-21s %-8s %-9s %-20s %10s %7s %7s  %s", "SNAPSHOT", "KIND", "STATUS", "CREATED", "SIZE",
                "FILES", "MODULES", "LABEL"));
        for (Snapshot s : list) {
            out.add(String.format(Locale.ROOT, "%-21s %-8s %-9s %-20s %10s %7d %7d  %s", s.id(), s.kind().id(), s.status().id(),
                    time(s.createdAt()), Sizes.human(s.sizeBytes()), s.manifest() == null ? 0 : s.manifest().filestoreFiles(),
                    s.manifest() == null || s.manifest().modules() == null ? 0 : s.manifest().modules().size(),
                    s.label() == null ? "" : s.label()));
        }
        return out;
    }

    static List<String> restore(String environment, RestoreResult r) {
        return List.of(
                "Restored snapshot " + r.snapshotId() + " into " + environment + " (database " + r.database() + ") in "
                        + Sizes.human(r.duration()) + ".",
                "  The replaced data is kept as database " + r.replacedDatabase() + " and folder " + r.replacedFilestore() + ".",
                "  Confirm: odoo-release snapshots discard-replaced " + environment + " " + r.operationId());
    }

    /** The drift report's summary, its drift, how many differences are deliberate, and where the report is. */
    static List<String> drift(DriftResult result, boolean fullReport) {
        DriftReport r = result.report();
        List<String> out = new ArrayList<>();
        out.add(r.summary() + ".");
        if (r.age().refreshedAt() != null) {
            out.add("  refreshed " + r.age().refreshedAt() + " from " + r.age().copiedFrom()
                    + (r.age().sourcePointInTime() == null ? "" : " (" + r.source() + " as of " + r.age().sourcePointInTime() + ")"));
        }
        if (r.age().tooOld()) {
            out.add("  WARNING: older than its maxAge " + r.age().maxAge() + ": refresh it (odoo-release stage-clone " + r.source() + " "
                    + r.target() + ")");
        }
        int shown = 0;
        for (DriftReport.Difference d : r.drift()) {
            if (shown++ == 50 && !fullReport) {
                out.add("  … " + (r.drift().size() - 50) + " more in the report");
                break;
            }
            out.add("  DRIFT " + d.category() + ": " + d.kind() + " " + d.key() + (d.field().equals("exists") ? "" : " (" + d.field() + ")")
                    + ": " + (d.sourceValue() == null ? "—" : d.sourceValue()) + " → " + (d.targetValue() == null ? "—" : d.targetValue())
                    + ". " + d.explanation());
        }
        out.add("  " + r.deliberate().size() + " deliberate difference(s), each accounted for by the last stage clone's report");
        out.add("Report: " + result.reportMarkdown() + " (JSON: " + result.reportJson() + ")");
        if (fullReport) {
            out.addAll(List.of(r.toMarkdown().split("\n")));
        }
        return out;
    }

    static List<String> refresh(dev.odoorelease.engine.result.RefreshResult r, boolean fullReport) {
        List<String> out = new ArrayList<>(stageClone(r.stageClone(), fullReport));
        StageCloneReport rep = r.stageClone().report();
        out.add(1, "Refreshed " + rep.target() + ": it serves " + r.image() + " again (" + r.health() + ") after "
                + Sizes.human(Duration.ofMillis(r.phaseMillis().getOrDefault("total", 0L))) + ".");
        List<String> kept = new ArrayList<>();
        if (rep.carriedOver() != null) {
            rep.carriedOver().forEach(c -> kept.add("    " + c.kind() + " " + c.key() + ": " + c.action() + " (" + c.detail() + ")"));
        }
        out.add(2, "  kept from the previous " + rep.target() + ": " + (kept.isEmpty() ? "nothing (no staging.carryOver)" : kept.size()
                + " record(s)"));
        out.addAll(3, kept);
        return out;
    }

    static List<String> stageClone(StageCloneResult r, boolean fullReport) {
        CloneResult c = r.copy();
        StageCloneReport rep = r.report();
        List<String> out = new ArrayList<>();
        out.add("Stage clone " + rep.operationId() + ": " + c.targetEnvironment() + " is now a neutralized, anonymized, verified copy of "
                + rep.copiedFrom() + " (" + rep.copyMethod() + ", " + c.filestoreFiles() + " filestore files) in "
                + Sizes.human(Duration.ofMillis(rep.phaseMillis().getOrDefault("total", c.duration().toMillis()))) + ".");
        NeutralizationReport n = rep.neutralization();
        if (n != null) {
            long rows = n.tables().stream().mapToLong(NeutralizationReport.TableChange::rowsTouched).sum();
            out.add("  neutralized: Odoo " + n.series() + " rules of " + n.modulesNeutralized().size() + " modules, " + n.tables().size()
                    + " tables / " + rows + " rows; " + n.configParameters().size() + " parameters changed; disabled "
                    + n.cronsDisabled().size() + " crons, " + n.mailServersDisabled().size() + " outgoing and "
                    + n.fetchmailServersDisabled().size() + " incoming mail servers"
                    + (n.mailCatcher() == null ? "" : "; mail goes to " + n.mailCatcher()));
        }
        AnonymizationReport a = rep.anonymization();
        if (a != null) {
            long rows = a.columns().stream().mapToLong(AnonymizationReport.ColumnResult::rows).sum();
            long tables = a.columns().stream().map(AnonymizationReport.ColumnResult::table).distinct().count();
            long deleted = a.deletions().stream().mapToLong(AnonymizationReport.Deletion::rows).sum();
            long attachments = a.attachments().stream().mapToLong(AnonymizationReport.AttachmentResult::rows).sum();
            out.add("  anonymized: " + a.columns().size() + " columns in " + tables + " tables, " + rows + " values replaced; "
                    + deleted + " rows deleted; " + attachments + " attachments dropped or blanked");
        }
        if (rep.verification() != null) {
            long passed = rep.verification().stream().filter(VerificationCheck::passed).count();
            out.add("  verified: " + passed + " of " + rep.verification().size() + " checks passed");
            rep.verification().forEach(v -> out.add("    " + (v.passed() ? "PASS " + v.name() + ": " + v.actual() : v.describe())));
        }
        if (rep.uncoveredPersonalColumns() != null && !rep.uncoveredPersonalColumns().isEmpty()) {
            out.add("  WARNING: " + rep.uncoveredPersonalColumns().size() + " personal-looking column(s) no rule covers:");
            rep.describeUncoveredPersonalColumns().lines()
                    .forEach(l -> out.add("  " + l));
        }
        out.add("  differences report: " + r.reportMarkdown() + " (JSON: " + r.reportJson() + ")");
        out.add("  undo: the previous " + c.targetEnvironment() + " is kept as database " + c.replacedDatabase()
                + "; confirm with odoo-release snapshots discard-replaced " + c.targetEnvironment() + " " + c.operationId());
        if (fullReport) {
            try {
                out.add("");
                out.addAll(Files.readAllLines(Path.of(r.reportMarkdown())));
            } catch (IOException e) {
                out.add("  (could not read the report: " + e.getMessage() + ")");
            }
        }
        return out;
    }

    static List<String> rehearsal(dev.odoorelease.engine.result.RehearsalResult r) {
        List<String> out = new ArrayList<>();
        out.add("Rehearsal " + r.operationId() + " of " + r.image() + " on " + r.environment() + ": " + (r.passed() ? "PASSED" : "FAILED")
                + " in " + ms(r.phaseMillis().get("total")));
        out.add("  on snapshot " + r.snapshotId() + (r.freshSnapshot() ? " (taken for it)" : " (the latest verified)") + ", copied to "
                + r.copyDatabase() + ", verified neutral at " + (r.neutralizationChecked() == null ? "-" : r.neutralizationChecked()));
        out.add("  neutralized with the " + r.neutralization());
        out.add("  module update: " + (r.modules().isEmpty() ? "none" : r.modules()) + (r.updateMillis() < 0 ? ""
                : ", " + ms(r.updateMillis()) + ", exit " + r.updateExitCode()));
        r.updateErrors().forEach(e -> out.add("    ERROR " + e));
        r.updateWarnings().forEach(w -> out.add("    WARNING " + w));
        out.add("  schema changes: " + (r.schemaChanges().isEmpty() ? "none" : r.schemaChanges().size()));
        r.schemaChanges().forEach(c -> out.add("    " + c.describe()));
        out.add("  health check: " + (r.healthPassed() ? "passed" : "not passed") + " (" + r.health() + ")");
        if (r.failure() != null) {
            out.add("  failure: " + firstLine(r.failure()));
        }
        out.add("  " + r.undo());
        return out;
    }

    static List<String> deploy(DeployResult r) {
        List<String> out = new ArrayList<>();
        String from = r.previousImage() == null ? "(nothing deployed)" : r.previousImage();
        String modules = r.plan() == null ? "?" : r.plan().updatesSomething() ? r.plan().updateArg() : "none";
        switch (r.outcome()) {
            case PLANNED -> {
                out.add("Plan for " + r.environment() + ": " + from + " -> " + r.image() + (r.commit() == null ? "" : " (commit " + r.commit() + ")"));
                out.add("  module update: " + modules);
                if (r.plan() != null) {
                    r.plan().reasons().forEach((m, why) -> out.add("    " + m + ": " + why));
                    r.plan().notes().forEach(n -> out.add("  note: " + n));
                    r.plan().warnings().forEach(w -> out.add("  WARNING: " + w));
                    if (!r.plan().warnings().isEmpty()) {
                        out.add("  a deploy with this plan is refused unless --allow-skipped-updates is given");
                    }
                }
                if (r.pinnedPlan() != null) {
                    out.addAll(r.pinnedPlan().lines());
                }
                out.add("  nothing changed (a plan; only the plan itself was stored)");
            }
            case DEPLOYED -> {
                out.add("DEPLOYED " + r.image() + " to " + r.environment() + " in " + ms(r.phaseMillis().get("total")) + " (downtime "
                        + ms(r.downtimeMillis()) + "); module update: " + modules);
                out.add("  before: " + from + "; snapshot taken before the deploy: " + r.snapshotId());
                if (r.pinnedPlan() != null && r.pinnedPlan().id() != null) {
                    out.add("  deployed plan " + r.pinnedPlan().id() + (r.approvedBy() == null ? "" : ", approved by " + r.approvedBy()));
                } else if (r.approvedBy() != null) {
                    out.add("  approved by " + r.approvedBy());
                }
                if (r.healthSummary() != null) {
                    out.add("  health: " + r.healthSummary());
                }
            }
            case ROLLED_BACK -> {
                out.add("ROLLED BACK: the deploy of " + r.image() + " to " + r.environment() + " failed and was undone"
                        + (r.snapshotId() == null ? "" : ", with the data from before (snapshot " + r.snapshotId() + ")") + ".");
                out.add("  cause: " + firstLine(r.cause()));
                // what the rollback verified: the health check of what it started (or that nothing ran before)
                out.add("  after the rollback: " + (r.healthSummary() == null ? "not verified" : r.healthSummary()));
                if (r.keptDatabase() != null) {
                    String by = r.keptDatabaseOperationId();
                    out.add("  the failed deploy's database is kept for inspection as " + r.keptDatabase()
                            + (by == null ? "" : "; discard it with odoo-release snapshots discard-replaced " + r.environment() + " " + by));
                }
            }
            case ROLLBACK_FAILED -> {
                out.add("ROLLBACK FAILED: the deploy of " + r.image() + " to " + r.environment() + " failed, and so did its rollback.");
                manualRecovery(out, r.cause(), r.rollbackFailures(), r.manualRecovery());
            }
            default -> throw new IllegalStateException(r.outcome().name());
        }
        return out;
    }

    static List<String> health(String environment, HealthReport r) {
        List<String> out = new ArrayList<>();
        out.add((r.healthy() ? "HEALTHY: " : "NOT HEALTHY: ") + environment + " — " + r.summary());
        for (ProbeResult p : r.probes()) {
            out.add("  " + (p.passed() ? "ok   " : "FAIL ") + p.probe() + ": " + p.actual());
        }
        if (r.container() != null) {
            out.add("  " + r.container().summary());
            if (r.container().logTail() != null && !r.container().logTail().isBlank()) {
                out.add("  last log lines:");
                r.container().logTail().lines().forEach(l -> out.add("    " + l));
            }
        }
        return out;
    }

    /** One environment's status: the engine's lines, indented under the first, and its health right now. */
    static List<String> status(EnvironmentStatus st, HealthReport health) {
        List<String> lines = st.lines();
        List<String> out = new ArrayList<>();
        out.add(lines.get(0));
        lines.stream().skip(1).forEach(l -> out.add("  " + l));
        if (health != null) {
            out.add("  health: " + (health.healthy() ? "healthy — " : "NOT HEALTHY — ") + health.summary());
        }
        return out;
    }

    static List<String> rollback(RollbackResult r) {
        List<String> out = new ArrayList<>();
        switch (r.outcome()) {
            case PLANNED -> {
                out.add("Plan for rolling " + r.environment() + " back to snapshot " + r.snapshotId() + ": " + r.previousImage() + " -> "
                        + r.targetImage() + (r.targetCommit() == null ? "" : " (commit " + r.targetCommit() + ")"));
                r.plan().forEach(p -> out.add("  " + p));
                out.add("  nothing changed (a dry run)");
            }
            case ROLLED_BACK -> {
                out.add("ROLLED BACK " + r.environment() + " to snapshot " + r.snapshotId() + ": " + r.image() + " runs again (was "
                        + r.previousImage() + ") with that snapshot's data, in " + ms(r.phaseMillis().get("total")) + " (downtime "
                        + ms(r.downtimeMillis()) + ")");
                if (r.healthSummary() != null) {
                    out.add("  health: " + r.healthSummary());
                }
                out.add("  undo: " + r.undo());
            }
            case KEPT_CURRENT -> {
                out.add("NOT ROLLED BACK: the rollback of " + r.environment() + " to snapshot " + r.snapshotId() + " failed; "
                        + "the version from before (" + r.previousImage() + ") was put back with its data.");
                out.add("  cause: " + firstLine(r.cause()));
                out.add("  after putting it back: " + (r.healthSummary() == null ? "not verified" : r.healthSummary()));
            }
            case ROLLBACK_FAILED -> {
                out.add("ROLLBACK FAILED: the rollback of " + r.environment() + " failed, and so did putting the previous version back.");
                manualRecovery(out, r.cause(), r.failures(), r.manualRecovery());
            }
            default -> throw new IllegalStateException(r.outcome().name());
        }
        return out;
    }

    /** Why, which undo steps failed, and the exact commands to finish by hand. */
    private static void manualRecovery(List<String> out, String cause, List<String> failures, List<String> commands) {
        out.add("  cause: " + firstLine(cause));
        failures.forEach(f -> out.add("  undo step failed: " + f));
        out.add("  Recover by hand:");
        commands.forEach(c -> out.add("    " + c));
    }

    static String time(Instant t) {
        return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", "");
    }

    static String ms(Long millis) {
        return millis == null ? "?" : Sizes.human(Duration.ofMillis(millis));
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " (…)";
    }
}
