package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.config.RegistryAuth;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.config.StagingPolicy;
import dev.odoorelease.engine.config.UpdateMode;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.ImageDigests;
import dev.odoorelease.engine.internal.docker.ImageInfo;
import dev.odoorelease.engine.internal.snapshot.OperationIds;
import dev.odoorelease.engine.internal.snapshot.SnapshotCommand;
import dev.odoorelease.engine.internal.staging.neutralize.Neutralizer;
import dev.odoorelease.engine.internal.state.EnvironmentLock;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.RehearsalResult;
import dev.odoorelease.engine.result.Snapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Rehearses a deploy of an image on an environment's own data without touching the environment: its latest verified
 * snapshot (or a fresh dump snapshot, taken online) is restored into a throwaway database on the environment's server
 * and a throwaway filestore (hard links where the disk allows), neutralized as a stage clone would neutralize it (the
 * staging policy's project SQL, mail catcher and cron allowlist, {@link #neutralization}) and verified neutral before any
 * Odoo process touches it, updated by the new image in a one-off container, started and health-checked like a deploy, and then
 * everything it created is dropped — also when a step fails; what a killed rehearsal leaves is dropped by the next one
 * ({@link RehearsalSweep}). The outcome, the update's duration, warnings and errors, the schema changes and the health
 * check are returned and recorded in the environment's history: a plan of that image uses the duration as its expected
 * downtime, and says when its last rehearsal failed.
 *
 * <pre>{@code
 * RehearsalResult r = new RehearseCommand(production, container, docker, health).image("registry/acme:1f2e3d").call();
 * }</pre>
 */
public final class RehearseCommand {
    /** What the throwaway copy's web.base.url is frozen to: a name that can never resolve (RFC 2606). */
    static final String COPY_URL = "http://odoo-release-rehearsal.invalid";

    private final Environment env;
    private final OdooContainer container;
    private final DockerCli docker;
    private final HealthSettings health;
    private Environment host;
    private String image;
    private RegistryAuth registryAuth;
    private boolean freshSnapshot;
    private UpdateMode update;
    private Path repository;
    private List<String> addonsPaths = List.of("");
    private String commit;
    private String build;
    private Duration lockTimeout = Duration.ofMinutes(10);
    private Duration updateTimeout = Duration.ofHours(2);
    private Duration healthTimeout;
    private StagingPolicy policy;
    private String policySource = BUILT_IN;
    private ProgressListener progress = ProgressListener.NONE;

    /** What a rehearsal given no staging policy says it applied. */
    static final String BUILT_IN = "built-in rules only: no staging policy given";

    /**
     * @param env       the environment rehearsed (its snapshot is copied; nothing of it changes)
     * @param container its container settings (network, Odoo options, volumes), which the rehearsal's containers share
     * @param docker    the environment's Docker engine
     * @param health    its health check, run against the rehearsal's server instead
     */
    public RehearseCommand(Environment env, OdooContainer container, DockerCli docker, HealthSettings health) {
        this.env = env;
        this.container = container;
        this.docker = docker;
        this.health = health;
    }

    public RehearseCommand image(String i) {
        this.image = i;
        return this;
    }

    /** The registry's credentials, for pulling the image when the engine lacks it; null: anonymous. */
    public RehearseCommand registryAuth(RegistryAuth auth) {
        this.registryAuth = auth;
        return this;
    }

    /**
     * Put the throwaway copy on another environment's database server and data directory (with its credentials), e.g. a
     * rehearsal server; null (the default): the rehearsed environment's own server, where a template snapshot is copied
     * fastest. Elsewhere only a dump snapshot can be restored (the newest one, or a fresh one).
     */
    public RehearseCommand on(Environment h) {
        this.host = h;
        return this;
    }

    /** Take a fresh dump snapshot (online: pg_dump, no downtime) and rehearse on it, instead of the latest verified one. */
    public RehearseCommand freshSnapshot(boolean fresh) {
        this.freshSnapshot = fresh;
        return this;
    }

    /**
     * The modules to update; null: {@code changed} when a repository is given (as a deploy would), else {@code all}.
     */
    public RehearseCommand update(UpdateMode u) {
        this.update = u;
        return this;
    }

    /** The project's git checkout and its addons paths, for {@code update: changed}. */
    public RehearseCommand repository(Path repo, List<String> addons) {
        this.repository = repo;
        this.addonsPaths = addons == null || addons.isEmpty() ? List.of("") : List.copyOf(addons);
        return this;
    }

    /** The commit the image was built from (for {@code update: changed}); null: HEAD of the repository. */
    public RehearseCommand commit(String c) {
        this.commit = c;
        return this;
    }

    /** Who or which build rehearses, recorded in the history. */
    public RehearseCommand build(String b) {
        this.build = b;
        return this;
    }

    /** How long a fresh snapshot waits for the environment's lock. */
    public RehearseCommand lockTimeout(Duration t) {
        this.lockTimeout = t;
        return this;
    }

    public RehearseCommand updateTimeout(Duration t) {
        this.updateTimeout = t;
        return this;
    }

    /** How long the rehearsal's server has to become healthy; null: the environment's health check timeout. */
    public RehearseCommand healthTimeout(Duration t) {
        this.healthTimeout = t;
        return this;
    }

    /**
     * The staging policy whose neutralization the copy gets, as a stage clone of the environment would (its project SQL, its
     * mail catcher, its cron allowlist; not its URL: the copy's is {@value #COPY_URL}), and the same verification; null (the
     * default): the built-in rules only. {@code source} says which policy it is (in the result and the history).
     */
    public RehearseCommand neutralization(StagingPolicy p, String source) {
        this.policy = p;
        this.policySource = source != null && !source.isBlank() ? source : p == null ? BUILT_IN : "a staging policy";
        return this;
    }

    public RehearseCommand progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    /**
     * Runs the rehearsal. A failing rehearsal (copy, update, start, health check) is a result with outcome
     * {@code failed}, not an exception.
     *
     * @throws OdooReleaseException before anything is created: no image, no container or health settings, an image the
     *         engine neither has nor can pull, an unreadable project SQL file, no verified snapshot to copy
     */
    public RehearsalResult call() {
        if (image == null || image.isBlank()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to rehearse a deploy to " + env.name()
                    + ": no image given. Give the image to rehearse (--image).");
        }
        if (container == null || health == null) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to rehearse a deploy to " + env.name() + ": it has no "
                    + (container == null ? "container" : "health check") + " settings, which the rehearsal's server runs with. "
                    + "Configure them.");
        }
        if (docker.images().inspect(image).isEmpty()) {
            progress.info("Pulling " + image + " on " + (docker.endpoint() == null ? "the local Docker engine" : docker.endpoint()));
            docker.images().pull(image, registryAuth);
        }
        String imageId = docker.images().inspect(image).map(ImageInfo::id).orElseThrow(() -> new OdooReleaseException(
                ErrorCode.NOT_FOUND, "Unable to rehearse " + image + " on " + env.name() + ": the image is not on the Docker engine. "
                + "Build or pull it first."));
        String digest = ImageDigests.repoDigest(docker, imageId, image).orElse(null);
        if ((commit == null || commit.isBlank()) && repository != null) {
            commit = CheckoutHead.of(repository).orElse(null);
        }
        if (update().kind() == UpdateMode.Kind.CHANGED && (repository == null || commit == null)) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to rehearse " + image + " on " + env.name()
                    + ": update 'changed' needs the project's git checkout and the commit being deployed. Give them, or update all "
                    + "or a module list.");
        }
        if (policy != null) {
            // an unreadable project SQL file is an error before anything is created, not a failed rehearsal after the copy
            Neutralizer.checkProjectSql(policy.neutralizationSql());
        }
        String op = OperationIds.newId();
        // what killed rehearsals left, before this one adds its own
        new RehearsalSweep(host(), env, container, docker, progress).sweep();
        Snapshot snapshot;
        try (StateStore store = StateStore.open(env)) {
            snapshot = freshSnapshot ? null : latestSnapshot(store);
        }
        // held while this rehearsal runs: its throwaway names are provably in use (RehearsalSweep)
        try (EnvironmentLock alive = EnvironmentLock.acquire(host().db().withDatabase(RehearsalNames.database(op)), env.name(),
                RehearsalNames.OPERATION, op, Duration.ofSeconds(30), progress)) {
            if (freshSnapshot) {
                progress.info("Taking a fresh dump snapshot of " + env.name() + " (online) to rehearse on");
                snapshot = new SnapshotCommand(env).kind(SnapshotKind.DUMP).label("for rehearsal " + op).lockTimeout(lockTimeout)
                        .progress(progress).call().snapshot();
            }
            return new RehearsalRun(this, op, snapshot, imageId, digest).run();
        }
    }

    /**
     * The environment's newest verified snapshot the copy's server can take (a template snapshot only on the environment's
     * own server and role), or the error that says how to make one (nothing created).
     */
    private Snapshot latestSnapshot(StateStore store) {
        boolean templateCopyable = host().db().sameServer(env.db()) && host().db().user().equals(env.db().user());
        List<Snapshot> verified = store.snapshots().list(env.name(), false).stream().filter(Snapshot::usable).toList();
        return verified.stream().filter(s -> s.kind() == SnapshotKind.DUMP || templateCopyable).findFirst()
                .orElseThrow(() -> new OdooReleaseException(ErrorCode.NOT_FOUND, "Unable to rehearse " + image + " on " + env.name()
                        + ": " + env.name() + (verified.isEmpty() ? " has no verified snapshot to rehearse on (nothing was created). Take one"
                        : " has only template snapshots (newest " + verified.get(0).id() + "), which only its own server can copy, and the "
                        + "copy goes to " + host().name() + "'s server " + host().db().server() + " (nothing was created). Take a dump "
                        + "snapshot") + " (odoo-release snapshot " + env.name() + (verified.isEmpty() ? "" : " --kind dump")
                        + "), or rehearse with --fresh-snapshot."));
    }

    // what RehearsalRun reads

    Environment env() {
        return env;
    }

    Environment host() {
        return host != null ? host : env;
    }

    OdooContainer container() {
        return container;
    }

    DockerCli docker() {
        return docker;
    }

    HealthSettings health() {
        return healthTimeout == null ? health : new HealthSettings(health.url(), health.database(), health.expectedSeries(), healthTimeout,
                health.pollInterval(), health.consecutivePasses(), health.probeTimeout(), health.urlChecks(), health.requireLogLines(),
                health.loginAttempt(), health.login());
    }

    String image() {
        return image;
    }

    boolean freshSnapshot() {
        return freshSnapshot;
    }

    UpdateMode update() {
        return update != null ? update : UpdateMode.parse(repository != null ? "changed" : "all");
    }

    Path repository() {
        return repository;
    }

    List<String> addonsPaths() {
        return addonsPaths;
    }

    String commit() {
        return commit;
    }

    String build() {
        return build;
    }

    Duration updateTimeout() {
        return updateTimeout;
    }

    ProgressListener progress() {
        return progress;
    }

    /** The staging policy the copy is neutralized with, or null for the built-in rules only. */
    StagingPolicy policy() {
        return policy;
    }

    String policySource() {
        return policySource;
    }
}
