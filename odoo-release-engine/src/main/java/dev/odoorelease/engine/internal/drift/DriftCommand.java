package dev.odoorelease.engine.internal.drift;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.DeployedVersion;
import dev.odoorelease.engine.result.HistoryEntry;
import dev.odoorelease.engine.internal.state.Json;
import dev.odoorelease.engine.result.DriftReport;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.internal.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How far a target (staging) has drifted from its source (production): reads both databases (each in one
 * {@code REPEATABLE READ READ ONLY} transaction, in parallel), both filestores, what odoo-release deployed on each
 * side, and the target's last stage clone report, and classifies every difference as deliberate (the report accounts
 * for it) or drift. Read-only: it takes no lock, writes nothing to either database, and writes its report only where
 * {@link #writeTo(Path)} says.
 *
 * <pre>{@code
 * DriftReport r = new DriftCommand(production, staging).maxAge(Duration.ofDays(30)).writeTo(dir).call();
 * r.drift().forEach(d -> System.out.println(d.explanation()));
 * }</pre>
 */
public final class DriftCommand {
    /** The report's file names in the folder given to {@link #writeTo(Path)}. */
    public static final String JSON_FILE = "drift-report.json";
    public static final String MARKDOWN_FILE = "drift-report.md";
    /** Tables a stage clone counts the rows of in its baseline (more than a drift report compares, so it covers them). */
    static final int BASELINE_TABLES = 40;

    private final Environment source;
    private final Environment target;
    private Path reportDir;
    private Path writeTo;
    private Duration maxAge;
    private int largestTables = 20;
    private ProgressListener progress = ProgressListener.NONE;

    public DriftCommand(Environment source, Environment target) {
        this.source = source;
        this.target = target;
    }

    /** Where the target's stage clone reports are (its staging {@code reportDir}); default {@code <dataDir>/.odoo-release/reports}. */
    public DriftCommand reportDir(Path dir) {
        this.reportDir = dir;
        return this;
    }

    /** Write {@value #JSON_FILE} and {@value #MARKDOWN_FILE} into this folder (created); null: write nothing. */
    public DriftCommand writeTo(Path dir) {
        this.writeTo = dir;
        return this;
    }

    /** The target's {@code maxAge}: a refresh older than this is flagged; null: none. */
    public DriftCommand maxAge(Duration d) {
        this.maxAge = d;
        return this;
    }

    /** How many of each side's largest tables have their rows counted (default 20). */
    public DriftCommand largestTables(int n) {
        if (n < 1 || n > 1000) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to compare the row counts of the " + n
                    + " largest tables: give 1 to 1000.");
        }
        this.largestTables = n;
        return this;
    }

    public DriftCommand progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    public DriftReport call() {
        if (source.name().equals(target.name())) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to report the drift of " + target.name() + " from "
                    + source.name() + ": source and target are the same environment. Name the production environment first, then "
                    + "the staging one (drift production staging).");
        }
        long started = System.nanoTime();
        Path reports = reportDir != null ? reportDir : target.workDir().resolve("reports");
        Optional<LastStageClone> last = LastStageClone.find(reports, target.name());
        progress.info("Drift of " + target.name() + " from " + source.name() + ": "
                + last.map(l -> "last stage clone " + l.report().operationId() + " (" + l.file() + ")")
                .orElse("no stage clone report of " + target.name() + " under " + reports));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Facts[] facts = readBoth(key);
        List<DriftReport.Deployed> deployed = List.of(deployed(source), deployed(target));
        DriftComparison cmp = new DriftComparison(source.name(), target.name(), facts[0], facts[1],
                last.map(LastStageClone::baseline).orElse(null), new CloneAccounting(last.map(LastStageClone::report).orElse(null)),
                last.isPresent()).run();
        List<DriftReport.Difference> differences = new ArrayList<>(cmp.differences());
        differences.addAll(0, code(deployed.get(0), deployed.get(1)));
        Map<String, Integer> compared = new TreeMap<>();
        facts[0].counts().forEach((k, v) -> compared.merge(k, v, Math::max));
        facts[1].counts().forEach((k, v) -> compared.merge(k, v, Math::max));
        DriftReport report = new DriftReport(source.name(), target.name(), Instant.now().toString(), age(last.orElse(null)), deployed,
                differences, cmp.volumes(), compared, (System.nanoTime() - started) / 1_000_000);
        progress.info(report.summary());
        if (writeTo != null) {
            write(report, writeTo);
            progress.info("Drift report: " + writeTo.resolve(MARKDOWN_FILE));
        }
        return report;
    }

    /** Both sides' facts, read in parallel, each in one read-only transaction; rows counted of both sides' largest tables. */
    private Facts[] readBoth(byte[] key) {
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "odoo-release-drift");
            t.setDaemon(true);
            return t;
        });
        try (Connection s = open(source); Connection t = open(target)) {
            FactReader rs = new FactReader(s, key);
            FactReader rt = new FactReader(t, key);
            Set<String> tables = new LinkedHashSet<>(rs.largestTables(largestTables));
            tables.addAll(rt.largestTables(largestTables));
            progress.info("Reading the facts of " + source.name() + " and " + target.name() + " (" + tables.size()
                    + " largest tables counted)");
            Future<Facts> fs = pool.submit(() -> side(rs, tables, source));
            Future<Facts> ft = pool.submit(() -> side(rt, tables, target));
            return new Facts[] {get(fs, source), get(ft, target)};
        } catch (SQLException e) {
            throw Pg.sqlError("read the facts of " + source.name() + " and " + target.name() + " for a drift report", source.db(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Facts side(FactReader r, Set<String> tables, Environment env) throws SQLException {
        Facts f = r.read();
        r.countRows(f, tables);
        FactReader.filestore(f, env.filestore());
        return f;
    }

    private Facts get(Future<Facts> f, Environment env) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdooReleaseException(ErrorCode.INTERRUPTED, "Unable to report the drift of " + target.name() + ": interrupted "
                    + "while reading " + env.name() + ". Nothing was changed.", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof SQLException sql) {
                throw Pg.sqlError("read the facts of " + env.name() + " for a drift report", env.db(), sql);
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        }
    }

    /** A connection to the environment's database in a read-only transaction (rolled back when closed). */
    private static Connection open(Environment env) throws SQLException {
        Connection c = Pg.connect(env.db(), env.db().database(), "odoo-release drift");
        try {
            FactReader.readOnly(c);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * The facts of a freshly scrubbed copy, which a stage clone records beside its report as the drift report's baseline
     * (what staging looked like right after its refresh). Secret values are not kept: a baseline only says a secret was
     * there.
     */
    public static Facts baseline(Connection c, Path filestore) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            FactReader r = new FactReader(c, key);
            Facts f = r.read();
            r.countRows(f, r.largestTables(BASELINE_TABLES));
            FactReader.filestore(f, filestore);
            f.of("config_parameters").values().forEach(fields -> fields.replaceAll((k, v) ->
                    v.startsWith(FactReader.SECRET_PREFIX) ? FactReader.SECRET_PREFIX + "baseline)" : v));
            return f;
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
    }

    /** The image, image id and commit odoo-release last deployed to {@code env}, from its state; nulls when none. */
    private DriftReport.Deployed deployed(Environment env) {
        try {
            Optional<StateStore> opened = StateStore.openIfExists(env);
            if (opened.isEmpty()) {
                return new DriftReport.Deployed(env.name(), null, null, null, null);
            }
            try (StateStore store = opened.get()) {
                Optional<DeployedVersion> d = store.environments().get(env.name());
                String imageId = null;
                for (HistoryEntry h : store.history().recent(env.name(), 50)) {
                    if (h.detailsJson() != null && ("ok".equals(h.result()) || h.result() != null && h.result().startsWith("deployed"))) {
                        Object id = Json.read(h.detailsJson(), Map.class).get("imageId");
                        if (id != null) {
                            imageId = id.toString();
                            break;
                        }
                    }
                }
                return new DriftReport.Deployed(env.name(), d.map(DeployedVersion::image).orElse(null), imageId,
                        d.map(DeployedVersion::commit).orElse(null),
                        d.map(x -> x.deployedAt() == null ? null : x.deployedAt().toString()).orElse(null));
            }
        } catch (OdooReleaseException e) {
            progress.warn("Could not read what is deployed to " + env.name() + ": " + e.getMessage());
            return new DriftReport.Deployed(env.name(), null, null, null, null);
        }
    }

    private List<DriftReport.Difference> code(DriftReport.Deployed s, DriftReport.Deployed t) {
        List<DriftReport.Difference> out = new ArrayList<>();
        String[][] fields = {{"image", s.image(), t.image()}, {"image id", s.imageId(), t.imageId()}, {"commit", s.commit(), t.commit()}};
        for (String[] f : fields) {
            if (!java.util.Objects.equals(f[1], f[2])) {
                out.add(new DriftReport.Difference("code", DriftKinds.DEPLOYED, f[0], "value", f[1], f[2], null,
                        DriftReport.Classification.DRIFT, target.name() + " runs another " + f[0] + " than " + source.name()
                        + ": expected while a release is tested there; otherwise deploy " + source.name() + "'s to it."));
            }
        }
        return out;
    }

    private DriftReport.Age age(LastStageClone last) {
        String max = maxAge == null ? null : dev.odoorelease.engine.config.MaxAge.format(maxAge);
        if (last == null) {
            return new DriftReport.Age(null, null, null, null, null, max, maxAge != null, null, false);
        }
        Instant at = Instant.parse(last.report().startedAt());
        String copiedFrom = last.report().copiedFrom();
        String pointInTime = at.toString();
        if (copiedFrom != null && copiedFrom.startsWith("snapshot ")) {
            pointInTime = snapshotTime(copiedFrom.substring("snapshot ".length())).orElse(null);
        }
        Duration age = Duration.between(at, Instant.now());
        return new DriftReport.Age(at.toString(), last.report().operationId(), copiedFrom, pointInTime, age.toHours(), max,
                maxAge != null && age.compareTo(maxAge) > 0, last.file().toString(), last.baseline() != null);
    }

    private Optional<String> snapshotTime(String id) {
        try {
            Optional<StateStore> opened = StateStore.openIfExists(source);
            if (opened.isEmpty()) {
                return Optional.empty();
            }
            try (StateStore store = opened.get()) {
                return store.snapshots().find(id).map(Snapshot::createdAt).map(Instant::toString);
            }
        } catch (OdooReleaseException e) {
            return Optional.empty();
        }
    }

    private static void write(DriftReport report, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(JSON_FILE), Json.write(report));
            Files.writeString(dir.resolve(MARKDOWN_FILE), report.toMarkdown());
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to write the drift report to " + dir + ": " + e.getMessage()
                    + ". Check that the folder is writable.", e);
        }
    }
}
