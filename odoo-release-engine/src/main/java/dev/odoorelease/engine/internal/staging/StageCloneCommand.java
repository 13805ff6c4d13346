package dev.odoorelease.engine.internal.staging;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.OdooDatabase;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.internal.env.SharedDataGuard;
import dev.odoorelease.engine.internal.filestore.FilestoreCheck;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.engine.result.CloneResult;
import dev.odoorelease.engine.internal.snapshot.OperationIds;
import dev.odoorelease.engine.result.AnonymizationReport;
import dev.odoorelease.engine.internal.staging.anonymize.AnonymizationRules;
import dev.odoorelease.engine.internal.staging.anonymize.Anonymizer;
import dev.odoorelease.engine.result.PiiColumn;
import dev.odoorelease.engine.internal.staging.anonymize.PiiCoverage;
import dev.odoorelease.engine.internal.staging.anonymize.StreamedAnonymization;
import dev.odoorelease.engine.result.NeutralizationReport;
import dev.odoorelease.engine.internal.staging.neutralize.Neutralizer;
import dev.odoorelease.engine.internal.state.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.odoorelease.engine.StageCloneFailedException;
import dev.odoorelease.engine.result.StageCloneReport;
import dev.odoorelease.engine.result.StageCloneResult;
import dev.odoorelease.engine.config.StagingPolicy;
import dev.odoorelease.engine.result.VerificationCheck;

/**
 * Refreshes a staging environment from its source: a faithful copy (database and filestore, one point
 * in time), neutralized, anonymized, verified — all on the copy under its temporary name — and only
 * then swapped in place of the previous staging, which is kept until confirmed. Every deliberate
 * difference is written down in a report (JSON and Markdown).
 *
 * <pre>{@code
 * StageCloneResult r = new StageCloneCommand(production, staging, policy).from(CloneCommand.Source.LIVE).call();
 * }</pre>
 *
 * Guard rails: the target is never a production environment, never the source, never a database or
 * filestore that another configured environment uses. Verification fails closed: the copy is
 * discarded and staging keeps its previous data when any check fails.
 */
public final class StageCloneCommand {
    private final Environment source;
    private final Environment target;
    private final StagingPolicy policy;
    private CloneCommand.Source from = CloneCommand.Source.LATEST_SNAPSHOT;
    private boolean drainTarget;
    private List<Environment> otherEnvironments = List.of();
    private Duration lockTimeout = Duration.ofMinutes(10);
    private ProgressListener progress = ProgressListener.NONE;
    private CarriedRecords carryOver;
    private dev.odoorelease.engine.internal.snapshot.OperationContext within;
    /** The verified copy's facts, recorded beside the report as the drift report's baseline (null until verified). */
    private dev.odoorelease.engine.internal.drift.Facts baseline;

    public StageCloneCommand(Environment source, Environment target, StagingPolicy policy) {
        this.source = source;
        this.target = target;
        this.policy = policy;
    }

    public StageCloneCommand from(CloneCommand.Source s) {
        this.from = s;
        return this;
    }

    /** Terminate the sessions of staging's own Odoo on the target database instead of refusing. */
    public StageCloneCommand drainTarget(boolean drain) {
        this.drainTarget = drain;
        return this;
    }

    /** Every other configured environment: the target may not share a database or filestore with one. */
    public StageCloneCommand otherEnvironments(List<Environment> envs) {
        this.otherEnvironments = List.copyOf(envs);
        return this;
    }

    public StageCloneCommand lockTimeout(Duration t) {
        this.lockTimeout = t;
        return this;
    }

    /**
     * The staging-only records to keep (a refresh): written into the copy after its neutralization and anonymization,
     * before its verification, and listed in the report. A record that cannot be written fails the clone (the copy is
     * discarded). Null: a plain stage clone.
     */
    public StageCloneCommand carryOver(CarriedRecords records) {
        this.carryOver = records;
        return this;
    }

    /** Runs inside an operation that already holds the target's lock (a refresh), as its step {@code clone}. */
    public StageCloneCommand within(dev.odoorelease.engine.internal.snapshot.OperationContext ctx) {
        this.within = ctx;
        return this;
    }

    public StageCloneCommand progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    /**
     * Runs the clone.
     *
     * @throws StageCloneFailedException when it fails once started (copy, scrub, verification, swap): its report is
     *         written (status {@code failed}) and the target keeps its previous data
     * @throws OdooReleaseException when a guard rail refuses it before anything starts
     */
    public StageCloneResult call() {
        guardRails();
        String id = OperationIds.newId();
        Instant started = Instant.now();
        Map<String, Long> phases = new LinkedHashMap<>();
        StageCloneReport[] scrubbed = new StageCloneReport[1];
        Path dir = (policy.reportDir() != null ? policy.reportDir() : target.workDir().resolve("reports")).resolve("stage-clone-" + id);
        CloneResult clone;
        Prepared[] streamed = new Prepared[1];
        try {
            CloneCommand copy = new CloneCommand(source, target).from(from).drainTarget(drainTarget).guard(guard()).lockTimeout(lockTimeout)
                    .progress(progress).within(within).beforeSwap(incoming -> scrub(id, started, incoming, phases, streamed[0], scrubbed));
            // anonymize while the rows stream, live or from a snapshot (read on the source's server): the staging
            // server never holds the original values, not even in a copy a killed clone leaves behind
            copy.streamTransform(snapshot -> {
                streamed[0] = prepareOnSource(snapshot);
                phases.put("streamPlan", streamed[0].streamed().planMillis());
                return streamed[0].streamed();
            });
            clone = copy.call();
        } catch (RuntimeException e) {
            StageCloneReport failed = scrubbed[0] != null ? withStatus(scrubbed[0], "failed", e.getMessage())
                    : new StageCloneReport(id, "failed", source.name(), target.name(), from.name().toLowerCase(java.util.Locale.ROOT),
                    null, started.toString(), phases, 0, null, null, null, policy.piiPolicy().name(), null, e.getMessage(),
                    carryOver == null ? null : List.of());
            Path[] files;
            try {
                files = write(dir, failed, baseline);
            } catch (OdooReleaseException unwritten) {
                e.addSuppressed(unwritten); // the clone's failure is what matters
                throw e;
            }
            progress.warn("Stage clone failed; " + target.name() + " keeps its previous data. Report: " + files[1]);
            // an engine failure carries its report (a caller such as the Jenkins step archives it); a bug stays a bug
            throw e instanceof OdooReleaseException ore ? new StageCloneFailedException(ore, id, files[0], files[1]) : e;
        }
        phases.put("total", Duration.between(started, Instant.now()).toMillis());
        StageCloneReport done = new StageCloneReport(id, "replaced", source.name(), target.name(),
                clone.sourceSnapshotId() == null ? "live " + source.name() : "snapshot " + clone.sourceSnapshotId(), clone.method(),
                started.toString(), phases, clone.filestoreFiles(), scrubbed[0].neutralization(), scrubbed[0].anonymization(),
                scrubbed[0].uncoveredPersonalColumns(), policy.piiPolicy().name(), scrubbed[0].verification(), null,
                scrubbed[0].carriedOver());
        Path[] files = write(dir, done, baseline);
        progress.info("Stage clone " + id + ": " + target.name() + " replaced by a verified, neutralized and anonymized copy of "
                + source.name() + " in " + Sizes.human(Duration.ofMillis(phases.get("total"))) + ". Differences: " + files[1]);
        return new StageCloneResult(clone, done, files[0].toString(), files[1].toString());
    }

    private void guardRails() {
        if (target.isProduction()) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to stage-clone " + source.name() + " into "
                    + target.name() + ": " + target.name() + " is a production environment. A stage clone only ever "
                    + "replaces a staging or development environment; check the target's kind.");
        }
        // by identity, not spelling: another name of production's server, or a link to its data directory, is refused
        guard().require(target, "stage-clone " + source.name() + " into " + target.name(), progress);
    }

    /** The environments the target may share nothing with: every other configured one, and the source. */
    private SharedDataGuard guard() {
        return new SharedDataGuard(otherEnvironments).and(List.of(source));
    }

    /**
     * What scrubbing needs before anything changes: the series, the rules, and the sample of personal
     * values verification looks for afterwards. {@code streamed}: the rules applied while streaming.
     */
    private record Prepared(String series, AnonymizationRules rules, PersonalDataSample sample, StreamedAnonymization streamed) {
    }

    /**
     * Reads, from a connection that sees the data exactly as it is copied (the copy before any change,
     * or the source in the copied snapshot), the series, the rules and the sample.
     */
    private Prepared prepare(Connection c, String what) throws SQLException {
        String series = OdooDatabase.series(OdooDatabase.installedModules(c));
        if (series == null) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to stage-clone " + source.name()
                    + ": " + what + " has no installed base module, so it is not an Odoo database. Check the source.");
        }
        AnonymizationRules rules = AnonymizationRules.builtIn(series);
        if (policy.anonymizationRules() != null) {
            rules = rules.merge(AnonymizationRules.fromFile(policy.anonymizationRules()));
        }
        List<String> keptLogins = rules.rule("res_users", "login").map(r -> r.except()).orElse(List.of());
        return new Prepared(series, rules, PersonalDataSample.collect(c, keptLogins), null);
    }

    /**
     * Live clones: prepares on the source, in the copied snapshot (read only), and plans the column
     * rules the copy applies while streaming. The sample is read there because the copy never holds
     * the original values.
     */
    private Prepared prepareOnSource(Connection snapshot) {
        try {
            Prepared p = prepare(snapshot, "the source");
            progress.info("Planning the anonymization of the streamed rows (Odoo " + p.series() + ")");
            return new Prepared(p.series(), p.rules(), p.sample(), anonymizer(snapshot, p.rules()).planStream());
        } catch (SQLException e) {
            throw Pg.sqlError("read the source " + source.name() + " before copying it", source.db(), e);
        }
    }

    /** The anonymizer of a stage clone (the same settings plan the streamed rules and scrub the copy). */
    private Anonymizer anonymizer(Connection c, AnonymizationRules rules) {
        return new Anonymizer(c).rules(rules).progress(progress);
    }

    /**
     * Odoo's own user on the target (the owner of its data directory's filestore folder) must be able to store new
     * attachments in every folder of the copy and read every file: else uploads whose SHA-1 prefix falls in a folder
     * it cannot write are lost.
     */
    private VerificationCheck filestoreWritable(java.nio.file.Path filestore) {
        dev.odoorelease.engine.internal.filestore.OdooUser odoo = dev.odoorelease.engine.internal.filestore.OdooUser.ofDataDir(target.dataDir());
        List<String> bad = odoo.unwritable(filestore, 10);
        return VerificationCheck.of("filestore writable by Odoo's user", bad.isEmpty(),
                "every folder writable and every file readable by " + odoo,
                bad.isEmpty() ? "ok" : "not usable: " + String.join(", ", bad) + (bad.size() >= 10 ? ", …" : ""));
    }

    /**
     * Neutralizes, anonymizes and verifies the copy; leaves its report in {@code holder[0]}, passed or
     * not. {@code streamed}: prepared on the source by a live copy that anonymized while streaming, or null.
     */
    private void scrub(String id, Instant started, CloneCommand.Incoming incoming, Map<String, Long> phases, Prepared streamed,
                       StageCloneReport[] holder) {
        phases.put("copy", Duration.between(started, Instant.now()).toMillis());
        try (Connection c = Pg.connect(target.db(), incoming.database())) {
            Prepared p = streamed != null ? streamed : prepare(c, "the copy");
            String series = p.series();
            AnonymizationRules rules = p.rules();
            PersonalDataSample sample = p.sample();
            long t = System.nanoTime();
            progress.info("Neutralizing the copy (Odoo " + series + ")");
            Neutralizer n = new Neutralizer(c).targetUrl(policy.targetUrl()).customSql(policy.neutralizationSql()).progress(progress);
            if (policy.mailCatcherHost() != null) {
                n.mailCatcher(policy.mailCatcherHost(), policy.mailCatcherPort());
            }
            NeutralizationReport neutral = n.run();
            phases.put("neutralize", (System.nanoTime() - t) / 1_000_000);
            t = System.nanoTime();
            progress.info("Anonymizing the copy");
            AnonymizationReport anon = anonymizer(c, rules).filestore(incoming.filestore())
                    .streamed(streamed == null ? null : streamed.streamed()).run();
            phases.put("anonymize", (System.nanoTime() - t) / 1_000_000);
            List<dev.odoorelease.engine.result.CarriedRecord> carried = null;
            if (carryOver != null) {
                // after neutralization and anonymization, which would wipe them; before verification, which checks them too
                t = System.nanoTime();
                progress.info("Restoring the records " + target.name() + " keeps (carry-over)");
                carried = dev.odoorelease.engine.internal.db.Transactions.inTransaction(c,
                        () -> carryOver.restore(c, source.name(), target.name()));
                phases.put("carryOver", (System.nanoTime() - t) / 1_000_000);
            }
            t = System.nanoTime();
            progress.info("Verifying the copy (fail closed)");
            List<PiiColumn> uncovered = PiiCoverage.uncovered(c, rules);
            List<VerificationCheck> checks = new ArrayList<>(new StagingVerifier(c, policy).kept(kept(rules)).verify(sample));
            FilestoreCheck.Result files = FilestoreCheck.run(c, incoming.filestore());
            checks.add(VerificationCheck.of("filestore consistent", files.within(target.maxMissingFiles()),
                    "at most " + target.maxMissingFiles() + " missing files", files.missing() + " missing of " + files.referenced()));
            checks.add(filestoreWritable(incoming.filestore()));
            boolean gateFails = !uncovered.isEmpty() && policy.piiPolicy() == StagingPolicy.PiiPolicy.FAIL;
            checks.add(VerificationCheck.of("every personal-looking column covered by a rule", !gateFails,
                    "no uncovered column (policy " + policy.piiPolicy() + ")",
                    uncovered.isEmpty() ? "none" : uncovered.size() + " uncovered, listed below with the rules to add"));
            if (!uncovered.isEmpty() && !gateFails) {
                progress.warn(uncovered.size() + " personal-looking column(s) are not covered by any rule:"
                        + System.lineSeparator() + PiiCoverage.describe(uncovered));
            }
            phases.put("verify", (System.nanoTime() - t) / 1_000_000);
            List<VerificationCheck> failed = checks.stream().filter(x -> !x.passed()).toList();
            StageCloneReport report = new StageCloneReport(id, failed.isEmpty() ? "verified" : "failed", source.name(), target.name(),
                    incoming.sourceSnapshot() == null ? "live " + source.name() : "snapshot " + incoming.sourceSnapshot().id(), null,
                    started.toString(), phases, 0, neutral, anon, uncovered, policy.piiPolicy().name(), checks, null, carried);
            holder[0] = report;
            if (failed.isEmpty()) {
                recordBaseline(incoming);
                recordScrubbed(c, id);
            }
            if (!failed.isEmpty()) {
                throw new OdooReleaseException(ErrorCode.VERIFICATION, "Unable to stage-clone " + source.name() + " into "
                        + target.name() + ": the scrubbed copy failed " + failed.size() + " check(s): "
                        + String.join("; ", failed.stream().map(VerificationCheck::describe).toList())
                        + ". The copy was discarded and " + target.name() + " keeps its previous data; fix the rules or "
                        + "neutralization SQL named in the report."
                        + (gateFails ? System.lineSeparator() + uncovered.size() + " column(s) look personal and no anonymization "
                        + "rule covers them:" + System.lineSeparator() + PiiCoverage.describe(uncovered) : ""));
            }
        } catch (SQLException e) {
            throw Pg.sqlError("scrub the copy of " + source.name(), target.db(), e);
        }
    }

    /**
     * Reads the facts of the verified copy (configuration, schema, row counts, filestore) for the drift report: what staging
     * looked like right after this refresh. Bookkeeping: when it cannot be read the clone goes on, and the drift report then
     * cannot tell who changed a count since.
     */
    private void recordBaseline(CloneCommand.Incoming incoming) {
        try (Connection b = Pg.connect(target.db(), incoming.database())) {
            baseline = dev.odoorelease.engine.internal.drift.DriftCommand.baseline(b, incoming.filestore());
        } catch (SQLException | OdooReleaseException e) {
            progress.warn("Could not record the copy's facts for drift reports (" + e.getMessage() + "); the clone goes on");
        }
    }

    /**
     * Records the verified copy as scrubbed data of the target (its new database.uuid), which is what lets a preview be
     * copied from it or its snapshots. Bookkeeping: when it cannot be written the clone goes on, and previews refuse the copy.
     */
    private void recordScrubbed(Connection c, String id) {
        try {
            dev.odoorelease.engine.internal.preview.ScrubbedCopies.record(target, c, id);
        } catch (OdooReleaseException e) {
            progress.warn("Could not record the copy as scrubbed (" + e.getMessage() + "); the clone goes on, but no preview can be "
                    + "copied from it");
        }
    }

    /** The tables and "table.column"s the rules keep as they are on purpose (not sampled, not searched). */
    private static java.util.Set<String> kept(AnonymizationRules rules) {
        java.util.Set<String> out = new java.util.HashSet<>();
        rules.rules().stream().filter(r -> r.strategy() == dev.odoorelease.engine.internal.staging.anonymize.Strategy.KEEP)
                .forEach(r -> out.add(r.key()));
        return out;
    }

    private static StageCloneReport withStatus(StageCloneReport r, String status, String error) {
        return r.withStatus(status, error);
    }

    /** Writes a report (JSON, then Markdown) into {@code dir}: {json, markdown}. */
    static Path[] write(Path dir, StageCloneReport report) {
        return write(dir, report, null);
    }

    /**
     * Writes a report (JSON, then Markdown) into {@code dir}, and beside a replacing one the copy's facts as the drift
     * report's baseline (when read): {json, markdown}.
     */
    static Path[] write(Path dir, StageCloneReport report, dev.odoorelease.engine.internal.drift.Facts baseline) {
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve("stage-clone-report.json");
            Path md = dir.resolve("stage-clone-report.md");
            Files.writeString(json, Json.write(report));
            Files.writeString(md, ReportMarkdown.render(report));
            if (baseline != null && "replaced".equals(report.status())) {
                Files.writeString(dir.resolve(dev.odoorelease.engine.internal.drift.LastStageClone.BASELINE), Json.write(baseline));
            }
            return new Path[] {json, md};
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to write the stage clone report to " + dir + ": " + e.getMessage(), e);
        }
    }
}
