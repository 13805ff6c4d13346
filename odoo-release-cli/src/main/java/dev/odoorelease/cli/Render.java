package dev.odoorelease.cli;

import dev.odoorelease.engine.deploy.DeployResult;
import dev.odoorelease.engine.health.HealthReport;
import dev.odoorelease.engine.health.ProbeResult;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.snapshot.CloneResult;
import dev.odoorelease.engine.snapshot.RestoreResult;
import dev.odoorelease.engine.snapshot.SnapshotResult;
import dev.odoorelease.engine.staging.StageCloneReport;
import dev.odoorelease.engine.staging.StageCloneResult;
import dev.odoorelease.engine.staging.VerificationCheck;
import dev.odoorelease.engine.staging.anonymize.AnonymizationReport;
import dev.odoorelease.engine.staging.neutralize.NeutralizationReport;
import dev.odoorelease.engine.state.Snapshot;
import dev.odoorelease.engine.state.SnapshotManifest;
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
            out.add("  WARNING: personal-looking columns no rule covers: " + rep.uncoveredPersonalColumns());
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
                }
                out.add("  nothing changed (a plan)");
            }
            case DEPLOYED -> {
                out.add("DEPLOYED " + r.image() + " to " + r.environment() + " in " + ms(r.phaseMillis().get("total")) + " (downtime "
                        + ms(r.downtimeMillis()) + "); module update: " + modules);
                out.add("  before: " + from + "; snapshot taken before the deploy: " + r.snapshotId());
                if (r.healthSummary() != null) {
                    out.add("  health: " + r.healthSummary());
                }
            }
            case ROLLED_BACK -> {
                out.add("ROLLED BACK: the deploy of " + r.image() + " to " + r.environment() + " failed, and " + r.environment()
                        + " runs " + from + " again with the data from before (snapshot " + r.snapshotId() + ").");
                out.add("  cause: " + firstLine(r.cause()));
                if (r.healthSummary() != null) {
                    out.add("  health after the rollback: " + r.healthSummary());
                }
                if (r.keptDatabase() != null) {
                    out.add("  the failed deploy's database is kept for inspection as " + r.keptDatabase());
                }
            }
            case ROLLBACK_FAILED -> {
                out.add("ROLLBACK FAILED: the deploy of " + r.image() + " to " + r.environment() + " failed, and so did its rollback.");
                out.add("  cause: " + firstLine(r.cause()));
                r.rollbackFailures().forEach(f -> out.add("  rollback failure: " + f));
                out.add("  Recover by hand:");
                r.manualRecovery().forEach(c -> out.add("    " + c));
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

    /** One environment's status map: a heading line, then its entries indented. */
    @SuppressWarnings("unchecked")
    static List<String> status(java.util.Map<String, Object> st) {
        List<String> out = new ArrayList<>();
        out.add(st.get("environment") + (st.containsKey("kind") ? " (" + st.get("kind") + ")" : "")
                + (st.containsKey("healthy") ? (Boolean.TRUE.equals(st.get("healthy")) ? ": healthy" : ": NOT HEALTHY") : ""));
        st.forEach((k, v) -> {
            if (k.equals("environment") || k.equals("kind") || k.equals("healthy")) {
                return;
            }
            if (v instanceof java.util.Map<?, ?> m) {
                List<String> parts = new ArrayList<>();
                ((java.util.Map<String, Object>) m).forEach((mk, mv) -> {
                    if (mv != null) {
                        parts.add(mk + " " + mv);
                    }
                });
                out.add(String.format(Locale.ROOT, "  %-12s %s", k, String.join(", ", parts)));
            } else if (v instanceof List<?> l) {
                out.add(String.format(Locale.ROOT, "  %-12s %s", k, l.isEmpty() ? "none" : l.get(0)));
                l.stream().skip(1).forEach(x -> out.add(String.format(Locale.ROOT, "  %-12s %s", "", x)));
            } else {
                out.add(String.format(Locale.ROOT, "  %-12s %s", k, v == null ? "none" : v));
            }
        });
        return out;
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
