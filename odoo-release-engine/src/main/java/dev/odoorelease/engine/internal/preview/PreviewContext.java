package dev.odoorelease.engine.internal.preview;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.config.PreviewTemplate;
import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.snapshot.OperationIds;
import dev.odoorelease.engine.internal.state.EnvironmentLock;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.PreviewInfo;
import dev.odoorelease.engine.result.PreviewRemoved;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What every preview operation shares: the project's template and the source environment it reads, the previews'
 * Docker engine, and — while an operation changes previews — the previews lock (one preview operation of a source
 * at a time, on the source's server) with the registry open under it. Opening it sweeps: previews whose TTL passed, and
 * removals an earlier operation could not finish, are removed first.
 */
final class PreviewContext implements AutoCloseable {
    /** The name the previews lock is keyed by on the source's server (no database of this name is ever created). */
    static final String LOCK_NAME = "odoo_release_previews";

    final ReleaseConfig config;
    final PreviewTemplate template;
    final EnvironmentConfig source;
    final DockerCli docker;
    final ProgressListener progress;
    final String operationId = OperationIds.newId();
    private final EnvironmentLock lock;
    final StateStore store;
    final PreviewRegistry registry;
    final List<PreviewRemoved> swept = new ArrayList<>();

    private PreviewContext(ReleaseConfig config, String operation, Duration lockTimeout, ProgressListener progress, boolean locked) {
        this.config = config;
        this.template = template(config, operation);
        this.source = config.environment(template.source());
        this.progress = progress;
        DockerCli cli = DockerCli.local();
        if (template.docker().isPresent()) {
            cli = cli.withEndpoint(template.docker().get());
        }
        this.docker = cli.redacting(config.secrets().toArray(String[]::new));
        this.lock = locked ? EnvironmentLock.acquire(source.environment().db().withDatabase(LOCK_NAME), "previews of " + source.name(),
                operation, operationId, lockTimeout, progress) : null;
        StateStore st = null;
        try {
            st = StateStore.open(source.environment());
            this.store = st;
            this.registry = PreviewRegistry.in(st);
        } catch (RuntimeException e) {
            if (st != null) {
                st.close();
            }
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
    }

    /** Under the previews lock, after sweeping expired previews and unfinished removals. */
    static PreviewContext changing(ReleaseConfig config, String operation, Duration lockTimeout, ProgressListener progress) {
        PreviewContext ctx = new PreviewContext(config, operation, lockTimeout, progress, true);
        try {
            ctx.sweep();
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
        return ctx;
    }

    /** Read-only: no lock, nothing removed. */
    static PreviewContext reading(ReleaseConfig config, ProgressListener progress) {
        return new PreviewContext(config, "list previews", Duration.ZERO, progress, false);
    }

    static PreviewTemplate template(ReleaseConfig config, String operation) {
        return config.preview().orElseThrow(() -> new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to " + operation
                + " of project " + config.project() + ": previews are not configured. Add a 'preview:' section (source, dataDir, url, "
                + "branches) to the configuration, see docs/configuration.md#preview."));
    }

    PreviewRemoval removal() {
        return new PreviewRemoval(registry, source, config.environments().stream().map(EnvironmentConfig::environment).toList(), docker,
                progress);
    }

    private void sweep() {
        for (PreviewInfo p : registry.list(source.name())) {
            if (!"alive".equals(p.status())) {
                // under the lock no other operation runs: a preview still being created or removed is an interrupted one's
                swept.add(removal().remove(p, "an earlier operation on it was interrupted (status " + p.status() + ")"));
            }
        }
        for (PreviewInfo p : registry.expired(source.name())) {
            progress.warn("Preview " + p.name() + " (branch " + p.branch() + ") expired at " + p.expiresAt() + " (preview.ttl "
                    + template.ttl() + " after its last update): removing it");
            swept.add(removal().remove(p, "its TTL (" + template.ttl() + ") passed at " + p.expiresAt()));
        }
    }

    @Override
    public void close() {
        store.close();
        if (lock != null) {
            lock.close();
        }
    }
}
