package dev.odoorelease.engine.internal.preview;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.config.PreviewTemplate;
import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.config.UpdateMode;
import dev.odoorelease.engine.internal.db.DatabaseAdmin;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.internal.db.OdooDatabase;
import dev.odoorelease.engine.internal.deploy.DeployCommand;
import dev.odoorelease.engine.internal.deploy.OdooInitJob;
import dev.odoorelease.engine.internal.filestore.FilestoreCopier;
import dev.odoorelease.engine.internal.filestore.OdooUser;
import dev.odoorelease.engine.internal.staging.neutralize.Neutralizer;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.DeployedVersion;
import dev.odoorelease.engine.result.PreviewInfo;
import dev.odoorelease.engine.result.PreviewRemoved;
import dev.odoorelease.engine.result.PreviewResult;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.result.SnapshotManifest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Creates a branch's preview, or updates it in place. Under the previews lock, after expired previews are removed:
 * <ul>
 * <li>an existing preview of the branch gets the new image through the ordinary deploy (snapshot, module update of what
 * changed, health check, automatic rollback: it keeps running what it ran when the update fails);</li>
 * <li>a new one first makes room (the preview idle longest is removed while {@code maxAlive} are alive), is recorded, then
 * its database is a template copy of the source's newest verified template snapshot — refused, and removed again, unless
 * that data is what a verified stage clone scrubbed ({@link ScrubbedCopies}) — neutralized for its own URL and verified
 * before any Odoo runs on it, its filestore hard-linked from the snapshot's, and the branch's image deployed into it
 * (module update of what changed against the source's deployed commit, health check). Any failure removes all of it
 * again, verified.</li>
 * </ul>
 * Guard rails (by identity) before anything is created: {@link PreviewGuard}.
 */
public final class PreviewUpCommand {
    private final ReleaseConfig config;
    private String branch;
    private String changeId;
    private String image;
    private String commit;
    private UpdateMode update;
    private Path repository;
    private boolean allowSkippedUpdates;
    private String build;
    private Duration lockTimeout = Duration.ofMinutes(10);
    private Duration initTimeout = Duration.ofMinutes(30);
    private ProgressListener progress = ProgressListener.NONE;

    public PreviewUpCommand(ReleaseConfig config) {
        this.config = config;
    }

    public PreviewUpCommand branch(String b) {
        this.branch = b;
        return this;
    }

    /** The change request's id ({@code CHANGE_ID} of a multibranch pull-request build), or null. */
    public PreviewUpCommand changeId(String id) {
        this.changeId = id == null || id.isBlank() ? null : id.strip();
        return this;
    }

    public PreviewUpCommand image(String i) {
        this.image = i;
        return this;
    }

    public PreviewUpCommand commit(String c) {
        this.commit = c;
        return this;
    }

    public PreviewUpCommand update(UpdateMode u) {
        this.update = u;
        return this;
    }

    public PreviewUpCommand repository(Path r) {
        this.repository = r;
        return this;
    }

    public PreviewUpCommand allowSkippedUpdates(boolean a) {
        this.allowSkippedUpdates = a;
        return this;
    }

    public PreviewUpCommand build(String b) {
        this.build = b;
        return this;
    }

    public PreviewUpCommand lockTimeout(Duration t) {
        this.lockTimeout = t;
        return this;
    }

    public PreviewUpCommand progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    public PreviewResult call() {
        PreviewTemplate t = PreviewContext.template(config, "create a preview");
        if (image == null || image.isBlank()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to create a preview: no image given. Give the branch's image.");
        }
        String name = t.nameFor(branch);
        if (!t.accepts(branch, changeId)) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to create a preview of branch " + branch + ": "
                    + (t.branches().isEmpty() ? "no branch glob is configured" : "preview.branches " + t.branches() + " do not match it")
                    + (changeId == null ? " and it is not a change request" : " and change requests get no preview (preview.changeRequests is off)")
                    + ". Add a matching glob to preview.branches (or turn changeRequests on); nothing was created.");
        }
        long start = System.nanoTime();
        try (PreviewContext ctx = PreviewContext.changing(config, "preview up " + name, lockTimeout, progress)) {
            Optional<PreviewInfo> existing = ctx.registry.find(name);
            if (existing.isPresent() && !existing.get().branch().equals(branch.strip())) {
                throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to create the preview of branch " + branch + ": its name "
                        + name + " is taken by the preview of branch " + existing.get().branch() + ". Remove that one (`odoo-release "
                        + "preview down " + existing.get().branch() + "`) or change preview.name; nothing was changed.");
            }
            return existing.isPresent() ? update(ctx, existing.get(), start) : create(ctx, name, start);
        }
    }

    private PreviewResult update(PreviewContext ctx, PreviewInfo p, long start) {
        EnvironmentConfig pe = PreviewEnvironment.of(ctx.template, ctx.source, p.name(), p.port());
        new PreviewGuard(config).require(pe, "update preview " + p.name(), progress);
        progress.info("Updating preview " + p.name() + " of branch " + p.branch() + " in place: " + p.image() + " → " + image);
        DeployResult d = deploy(ctx, pe).call();
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("deploy", d.phaseMillis().getOrDefault("total", 0L));
        phases.put("total", (System.nanoTime() - start) / 1_000_000);
        PreviewResult.Outcome outcome = switch (d.outcome()) {
            case DEPLOYED -> PreviewResult.Outcome.UPDATED;
            case ROLLBACK_FAILED -> PreviewResult.Outcome.ROLLBACK_FAILED;
            default -> PreviewResult.Outcome.ROLLED_BACK;
        };
        if (outcome == PreviewResult.Outcome.UPDATED) {
            ctx.registry.markAlive(p.name(), image, commit, null, ctx.template.ttl());
            progress.info("Preview of branch " + p.branch() + " updated: " + p.url());
        } else {
            progress.warn("The update of preview " + p.name() + " failed (" + d.cause() + "); it runs " + p.image() + " again");
        }
        return new PreviewResult(outcome, ctx.registry.find(p.name()).orElse(p), d, ctx.swept, phases,
                "`odoo-release preview down " + p.branch() + "` removes the preview; the previous image is back with a deploy of "
                        + p.image() + " (`odoo-release preview up " + p.branch() + " --image " + p.image() + "`)");
    }

    private PreviewResult create(PreviewContext ctx, String name, long start) {
        PreviewTemplate t = ctx.template;
        List<PreviewRemoved> removed = new ArrayList<>(ctx.swept);
        makeRoom(ctx, removed);
        int port = t.portFrom() == 0 ? 0 : freePort(ctx);
        EnvironmentConfig pe = PreviewEnvironment.of(t, ctx.source, name, port);
        Environment env = pe.environment();
        new PreviewGuard(config).require(pe, "create preview " + name, progress);
        requireNothingThere(ctx, pe);
        PreviewInfo info = new PreviewInfo(name, ctx.source.name(), branch.strip(), changeId, name, env.dataDir().toString(),
                pe.container().orElseThrow().name(), pe.container().get().url(), port, "creating", image, commit, null, null, null, null);
        ctx.registry.insertCreating(info, t.ttl());
        Map<String, Long> phases = new LinkedHashMap<>();
        try {
            boolean demo = t.data() == PreviewTemplate.DataSource.DEMO;
            Snapshot snap = demo ? null : copyData(ctx, pe, phases);
            if (demo) {
                demoData(ctx, pe, phases);
            }
            progress.info("Deploying " + image + " into preview " + name);
            // a brand-new preview has nothing to roll back to: no rollback snapshot, its undo is its removal (below)
            DeployCommand dc = deploy(ctx, pe).newEnvironment("the removal of preview " + name);
            if (demo) {
                // the image itself has just installed every module: there is nothing to update
                dc.update(UpdateMode.parse("none")).allowSkippedUpdates(true);
            }
            DeployResult d = dc.call();
            phases.put("deploy", d.phaseMillis().getOrDefault("total", 0L));
            if (!d.succeeded()) {
                throw new OdooReleaseException(ErrorCode.HEALTH, "Unable to create the preview of branch " + branch + ": the deploy of "
                        + image + " failed: " + d.cause());
            }
            ctx.registry.markAlive(name, image, commit, snap == null ? null : snap.id(), t.ttl());
            phases.put("total", (System.nanoTime() - start) / 1_000_000);
            progress.info("Preview of branch " + branch + " created in " + Sizes.human(Duration.ofMillis(phases.get("total"))) + ": "
                    + info.url());
            return new PreviewResult(PreviewResult.Outcome.CREATED, ctx.registry.find(name).orElseThrow(), d, removed, phases,
                    "`odoo-release preview down " + branch + "` removes it (container, database, filestore, snapshots, state)");
        } catch (RuntimeException e) {
            try {
                ctx.removal().remove(ctx.registry.find(name).orElse(info), "its creation failed");
            } catch (RuntimeException r) {
                e.addSuppressed(r);
                throw e;
            }
            if (e instanceof OdooReleaseException ore) {
                throw new OdooReleaseException(ore.errorCode(), ore.getMessage() + " The preview was removed again (verified: nothing "
                        + "of it is left).", ore);
            }
            throw e;
        }
    }

    /** While maxAlive previews are alive, removes the one idle longest (least recently created or updated), saying so. */
    private void makeRoom(PreviewContext ctx, List<PreviewRemoved> removed) {
        List<PreviewInfo> alive = new ArrayList<>(ctx.registry.list(ctx.source.name()));
        while (alive.size() >= ctx.template.maxAlive()) {
            PreviewInfo oldest = alive.remove(0);
            String why = "at most " + ctx.template.maxAlive() + " previews may be alive (preview.maxAlive) and it was idle longest (last "
                    + "updated " + oldest.updatedAt() + "), to make room for the preview of branch " + branch;
            progress.warn("Removing preview " + oldest.name() + " of branch " + oldest.branch() + ": " + why);
            removed.add(ctx.removal().remove(oldest, "evicted: " + why));
        }
    }

    /** The lowest port of the range no preview has, and (on the local Docker engine) nothing listens on. */
    private int freePort(PreviewContext ctx) {
        Set<Integer> used = new HashSet<>();
        ctx.registry.list(ctx.source.name()).forEach(p -> used.add(p.port()));
        for (int p = ctx.template.portFrom(); p <= ctx.template.portTo(); p++) {
            if (!used.contains(p) && (ctx.template.docker().isPresent() || freeHere(p))) {
                return p;
            }
        }
        throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to create the preview of branch " + branch + ": every port of "
                + "preview.ports " + ctx.template.portFrom() + "-" + ctx.template.portTo() + " is taken. Widen the range, or lower "
                + "preview.maxAlive; nothing was created.");
    }

    private static boolean freeHere(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A database, folder or container of the new preview's name that no preview made is someone else's: refused, untouched. */
    private void requireNothingThere(PreviewContext ctx, EnvironmentConfig pe) {
        Environment env = pe.environment();
        String what = null;
        try (DatabaseAdmin admin = DatabaseAdmin.on(env.db())) {
            if (admin.exists(env.db().database())) {
                what = "database " + env.db().database() + " exists on " + env.db().server();
            }
        }
        if (what == null && Files.exists(env.dataDir(), LinkOption.NOFOLLOW_LINKS)) {
            what = "folder " + env.dataDir() + " exists";
        }
        if (what == null && ctx.docker.containers().exists(pe.container().orElseThrow().name())) {
            what = "container " + pe.container().get().name() + " exists";
        }
        if (what != null) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to create preview " + env.name() + " of branch " + branch
                    + ": " + what + " although no preview of that name is recorded. It is not the tool's to replace: remove it by "
                    + "hand if it is a leftover, or change preview.name; nothing was changed.");
        }
    }

    /**
     * The preview's data: a template copy of the source's newest verified template snapshot, refused unless a verified stage
     * clone scrubbed it; neutralized for the preview's URL and verified; the filestore hard-linked. Returns the snapshot.
     */
    private Snapshot copyData(PreviewContext ctx, EnvironmentConfig pe, Map<String, Long> phases) {
        Environment src = ctx.source.environment();
        Environment env = pe.environment();
        Snapshot snap = ctx.store.snapshots().latestVerified(src.name(), SnapshotKind.TEMPLATE).orElseThrow(() -> new OdooReleaseException(
                ErrorCode.NOT_FOUND, "Unable to create preview " + env.name() + ": " + src.name() + " has no verified template snapshot "
                + "to copy. Take one after its stage clone (`odoo-release snapshot " + src.name() + "`, template kind; each deploy to "
                + src.name() + " leaves one)."));
        long t0 = System.nanoTime();
        progress.info("Copying snapshot " + snap.id() + " of " + src.name() + " into database " + env.db().database()
                + " (server-side template copy), and hard-linking its filestore meanwhile");
        // the database copy (server-side I/O) and the hard links (directory entries) do not depend on each other: both at
        // once. Like the copy, the links are made before the check below; when it refuses the data, both are removed with
        // the rest of the preview (verified), and no Odoo has run on either
        java.util.concurrent.CompletableFuture<Long> copy = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            long c0 = System.nanoTime();
            try (DatabaseAdmin admin = DatabaseAdmin.on(env.db())) {
                admin.copy(snap.databaseName(), env.db().database());
            }
            return (System.nanoTime() - c0) / 1_000_000;
        });
        FilestoreCopier.Result files;
        try {
            try {
                OdooUser.of(src.dataDir()).createDirectories(env.filestore().getParent());
            } catch (IOException e) {
                throw FilestoreCopier.ioError("create the preview's data directory " + env.dataDir(), e);
            }
            files = FilestoreCopier.from(Path.of(snap.location()).resolve("filestore"), env.filestore())
                    .owner(OdooUser.ofDataDir(src.dataDir())).threads(env.jobs()).progress(progress).copy();
            phases.put("filestore", (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            // the removal that follows must not race the copy
            try {
                copy.join();
            } catch (RuntimeException copyFailed) {
                e.addSuppressed(copyFailed);
            }
            throw e;
        }
        try {
            phases.put("copy", copy.join());
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        phases.put("copy+filestore", (System.nanoTime() - t0) / 1_000_000);
        progress.info("  filestore: " + files.files() + " files " + (files.linked() ? "hard-linked" : "copied") + " ("
                + Sizes.human(files.bytes()) + ")");
        t0 = System.nanoTime();
        try (Connection c = Pg.connect(env.db())) {
            Optional<String> scrubbedBy = ScrubbedCopies.scrubbedBy(ctx.store, src.name(), c);
            if (scrubbedBy.isEmpty()) {
                throw new OdooReleaseException(ErrorCode.VERIFICATION, "Unable to create preview " + env.name() + " from snapshot "
                        + snap.id() + " of " + src.name() + ": that data is not what a verified stage clone of " + src.name()
                        + " scrubbed (its database.uuid is not among those stage clones recorded) — it may be production's data put "
                        + "there by hand, or a snapshot older than the first stage clone. A preview is only ever made from scrubbed "
                        + "data: stage-clone (refresh) " + src.name() + ", take a snapshot of it, and try again.");
            }
            progress.info("Snapshot " + snap.id() + " holds data scrubbed by stage clone " + scrubbedBy.get() + " of " + src.name());
            neutralize(ctx, pe, c);
        } catch (SQLException e) {
            throw Pg.sqlError("check the copy of snapshot " + snap.id(), env.db(), e);
        }
        phases.put("neutralize", (System.nanoTime() - t0) / 1_000_000);
        // what the snapshot's data runs: the deploy updates what changed against it
        SnapshotManifest m = snap.manifest();
        if (m != null) {
            ctx.store.environments().record(new DeployedVersion(env.name(), m.image(), m.commit(), m.modules(), null, null,
                    "copy of " + src.name() + " snapshot " + snap.id()));
        }
        return snap;
    }

    /** Neutralized for the preview's own URL, and verified (fails closed), before any Odoo serves it. */
    private void neutralize(PreviewContext ctx, EnvironmentConfig pe, Connection c) {
        Neutralizer n = new Neutralizer(c).targetUrl(pe.container().orElseThrow().url()).progress(progress);
        ctx.template.mailCatcher().ifPresent(m -> n.mailCatcher(m.substring(0, m.lastIndexOf(':')),
                Integer.parseInt(m.substring(m.lastIndexOf(':') + 1))));
        n.run();
    }

    /**
     * The data of a {@code data: demo} preview: a new, empty database (no data of any environment), initialised by the
     * branch's image itself in a one-off container — {@code odoo -i <demoModules> --stop-after-init} with Odoo's demo data
     * (stated in the run's configuration file: the image's own may turn it off) —, checked to hold the modules installed
     * with demo data, then neutralized for the preview's URL and verified before any Odoo serves it.
     */
    private void demoData(PreviewContext ctx, EnvironmentConfig pe, Map<String, Long> phases) {
        Environment src = ctx.source.environment();
        Environment env = pe.environment();
        List<String> modules = ctx.template.demoModules();
        long t0 = System.nanoTime();
        progress.info("Creating database " + env.db().database() + " with demo data (modules " + String.join(",", modules) + ")");
        try (DatabaseAdmin admin = DatabaseAdmin.on(env.db())) {
            admin.createEmpty(env.db().database());
        }
        try {
            OdooUser.of(src.dataDir()).createDirectories(env.filestore().getParent());
        } catch (IOException e) {
            throw FilestoreCopier.ioError("create the preview's data directory " + env.dataDir(), e);
        }
        OdooInitJob.run(ctx.docker, env, pe.container().orElseThrow(), image, modules, true, ctx.operationId, initTimeout, progress);
        phases.put("init", (System.nanoTime() - t0) / 1_000_000);
        t0 = System.nanoTime();
        Map<String, String> installed;
        try (Connection c = Pg.connect(env.db())) {
            installed = OdooDatabase.installedModules(c);
            List<String> missing = new ArrayList<>();
            List<String> withoutDemo = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT state, demo FROM ir_module_module WHERE name = ?")) {
                for (String m : modules) {
                    ps.setString(1, m);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || !"installed".equals(rs.getString(1))) {
                            missing.add(m);
                        } else if (!rs.getBoolean(2)) {
                            withoutDemo.add(m);
                        }
                    }
                }
            }
            if (!missing.isEmpty() || !withoutDemo.isEmpty()) {
                throw new OdooReleaseException(ErrorCode.VERIFICATION, "Unable to create preview " + env.name() + " with demo data: "
                        + "after odoo -i " + String.join(",", modules) + " of " + image
                        + (missing.isEmpty() ? "" : " modules " + missing + " are not installed")
                        + (missing.isEmpty() || withoutDemo.isEmpty() ? "" : " and")
                        + (withoutDemo.isEmpty() ? "" : " modules " + withoutDemo + " have no demo data (ir_module_module.demo false)")
                        + ". Check preview.demoModules against the branch's code, and that the image's Odoo loads demo data.");
            }
            // no environment's data: nothing to check for scrubbing; neutralized and verified all the same
            neutralize(ctx, pe, c);
        } catch (SQLException e) {
            throw Pg.sqlError("check the new database of preview " + env.name(), env.db(), e);
        }
        phases.put("neutralize", (System.nanoTime() - t0) / 1_000_000);
        // what runs on it: the deploy of the same image updates nothing
        ctx.store.environments().record(new DeployedVersion(env.name(), image, commit, installed, null, null,
                "new database with demo data (odoo -i " + String.join(",", modules) + ")"));
    }

    private DeployCommand deploy(PreviewContext ctx, EnvironmentConfig pe) {
        return new DeployCommand(pe.environment(), pe.container().orElseThrow(), ctx.docker)
                .image(image)
                .registryAuth(pe.registryAuth().orElse(null))
                .commit(commit)
                .update(update)
                .repository(repository, config.addonsPaths())
                .health(pe.health().orElseThrow())
                .build(build)
                .recoverInterrupted(true)
                .allowSkippedUpdates(allowSkippedUpdates)
                .guard(new PreviewGuard(config).dataGuard())
                .lockTimeout(lockTimeout)
                .progress(progress);
    }
}
