package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.internal.drift.RefreshAge;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.internal.state.StateStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import dev.odoorelease.engine.result.EnvironmentStatus;
import dev.odoorelease.engine.result.HistoryEntry;
import dev.odoorelease.engine.config.OdooContainer;

/**
 * What is deployed to an environment, whether its container runs, its snapshots, its recent history and any
 * interrupted operation. Read-only: it takes no lock (it can run while a deploy holds one) and creates nothing — on
 * a server where odoo-release never ran (no state database yet) it says "never deployed". When the database server
 * cannot be read (PostgreSQL down) it still answers: the container's state, the operation that started it (the
 * container's label) and the database error ({@link EnvironmentStatus#databaseError()}).
 *
 * <pre>{@code
 * EnvironmentStatus s = new StatusCommand(env, container, DockerCli.local()).call();
 * s.lines().forEach(System.out::println);
 * }</pre>
 */
public final class StatusCommand {
    /** How many history entries a status shows. */
    public static final int HISTORY = 10;

    private final Environment env;
    private final OdooContainer container;
    private final DockerCli docker;
    private ProgressListener progress = ProgressListener.NONE;
    private Duration maxAge;

    /**
     * @param container the environment's container, or {@code null} (container state then "unknown")
     * @param docker    the Docker engine it runs on, or {@code null} (likewise)
     */
    public StatusCommand(Environment env, OdooContainer container, DockerCli docker) {
        this.env = env;
        this.container = container;
        this.docker = docker;
    }

    /** Accepted like every command's, and unused: a status takes no lock. */
    public StatusCommand lockTimeout(Duration t) {
        return this;
    }

    /** The environment's {@code maxAge}: a status warns when its data was last refreshed longer ago (null: no limit). */
    public StatusCommand maxAge(Duration d) {
        this.maxAge = d;
        return this;
    }

    public StatusCommand progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    public EnvironmentStatus call() {
        ContainerView container = containerState();
        Optional<StateStore> opened;
        try {
            opened = StateStore.openIfExists(env);
        } catch (OdooReleaseException e) {
            return unreadable(container, e);
        }
        if (opened.isEmpty()) {
            progress.info(env.name() + ": never deployed (no odoo-release state database " + env.stateDatabase() + " on "
                    + env.db().server() + " yet)");
            return new EnvironmentStatus(env.name(), env.kind(), Optional.empty(), container.state(), container.runningImage(), List.of(),
                    List.of(), Optional.empty(), container.operation(), null, null,
                    RefreshAge.warning(env.name(), Optional.empty(), maxAge, java.time.Instant.now()).orElse(null));
        }
        try (StateStore store = opened.get()) {
            Optional<java.time.Instant> refreshed = RefreshAge.lastRefresh(store, env.name());
            EnvironmentStatus s = new EnvironmentStatus(env.name(), env.kind(), store.environments().get(env.name()), container.state(),
                    container.runningImage(), store.snapshots().list(env.name(), false), history(store),
                    DeployContext.interrupted(store, env.name()), container.operation(), null, refreshed.orElse(null),
                    RefreshAge.warning(env.name(), refreshed, maxAge, java.time.Instant.now()).orElse(null));
            s.lines().forEach(progress::info);
            return s;
        } catch (OdooReleaseException e) {
            return unreadable(container, e);
        }
    }

    /**
     * The database server did not answer (PostgreSQL down, credentials refused, the state database unreadable): a
     * status is wanted most exactly then, so it reports what it can see without it — the container, the operation that
     * started it (its label) — and the error, instead of failing.
     */
    private EnvironmentStatus unreadable(ContainerView container, OdooReleaseException e) {
        EnvironmentStatus s = new EnvironmentStatus(env.name(), env.kind(), Optional.empty(), container.state(), container.runningImage(),
                List.of(), List.of(), Optional.empty(), container.operation(), e.getMessage());
        s.lines().forEach(progress::info);
        return s;
    }

    /**
     * The last {@link #HISTORY} operations, newest first, without the steps of deploys and rollbacks (their snapshot,
     * their restore: recorded under the same operation id, or {@code <id>-<suffix>}), which their own entry sums up.
     */
    private List<HistoryEntry> history(StateStore store) {
        List<HistoryEntry> all = store.history().recent(env.name(), HISTORY * 10);
        Set<String> operations = new HashSet<>();
        all.stream().filter(h -> DeployContext.OPERATIONS.contains(h.operation())).forEach(h -> operations.add(h.operationId()));
        return all.stream().filter(h -> DeployContext.OPERATIONS.contains(h.operation()) || operations.stream()
                .noneMatch(id -> h.operationId().equals(id) || h.operationId().startsWith(id + "-"))).limit(HISTORY).toList();
    }

    /** The container as Docker sees it: state with image, the running image (or null), the operation of its label (or null). */
    private record ContainerView(String state, String runningImage, String operation) {
    }

    private ContainerView containerState() {
        if (container == null || docker == null) {
            return new ContainerView("unknown (no " + (container == null ? "container" : "Docker engine") + " given)", null, null);
        }
        try {
            Optional<ContainerState> s = docker.containers().inspect(container.name());
            if (s.isEmpty()) {
                return new ContainerView("missing", null, null);
            }
            ContainerState c = s.get();
            String op = env.name().equals(c.labels().get(DeployNames.LABEL_ENV)) ? c.labels().get(DeployNames.LABEL_OP) : null;
            return new ContainerView(c.describe() + " (" + c.image() + ")", c.isUp() ? c.image() : null, op);
        } catch (RuntimeException e) {
            return new ContainerView("unknown (" + e.getMessage() + ")", null, null);
        }
    }
}
