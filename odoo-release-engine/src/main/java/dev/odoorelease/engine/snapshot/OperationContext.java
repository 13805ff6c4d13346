package dev.odoorelease.engine.snapshot;

import dev.odoorelease.engine.env.Environment;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.state.EnvironmentLock;
import dev.odoorelease.engine.state.StateStore;
import java.time.Duration;

/**
 * What every operation on an environment runs inside: the environment's lock, its state store, an
 * operation id, and the progress listener. Opening it cleans up what killed operations left behind
 * (safe because the lock proves no other operation on this environment is running).
 */
public final class OperationContext implements AutoCloseable {
    private final Environment environment;
    private final StateStore store;
    private final EnvironmentLock lock;
    private final String operationId;
    private final String operation;
    private final ProgressListener progress;
    private final boolean owner;

    private OperationContext(Environment environment, StateStore store, EnvironmentLock lock, String operationId,
                             String operation, ProgressListener progress) {
        this(environment, store, lock, operationId, operation, progress, true);
    }

    private OperationContext(Environment environment, StateStore store, EnvironmentLock lock, String operationId,
                             String operation, ProgressListener progress, boolean owner) {
        this.owner = owner;
        this.environment = environment;
        this.store = store;
        this.lock = lock;
        this.operationId = operationId;
        this.operation = operation;
        this.progress = progress;
    }

    public static OperationContext open(Environment env, String operation, Duration lockTimeout, ProgressListener progress) {
        return open(env, operation, lockTimeout, progress, true);
    }

    /**
     * The context of a read-only look under the lock (a rollback's dry run): the same lock, so what it reads is not
     * changing under it, but no clean-up of leftovers — a plan changes nothing.
     */
    public static OperationContext openReadOnly(Environment env, String operation, Duration lockTimeout, ProgressListener progress) {
        return open(env, operation, lockTimeout, progress, false);
    }

    private static OperationContext open(Environment env, String operation, Duration lockTimeout, ProgressListener progress,
                                         boolean cleanLeftovers) {
        String opId = OperationIds.newId();
        StateStore store = StateStore.open(env);
        EnvironmentLock lock;
        try {
            lock = EnvironmentLock.acquire(store, env.name(), operation, opId, lockTimeout, progress);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        OperationContext ctx = new OperationContext(env, store, lock, opId, operation, progress);
        try {
            if (cleanLeftovers) {
                Leftovers.clean(ctx);
            }
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
        return ctx;
    }

    /**
     * A step of this operation with its own id ({@code <id>-<suffix>}) for its own journal, under the
     * same lock and state store (a deploy's rollback restore). Closing it releases nothing.
     */
    public OperationContext child(String suffix) {
        return new OperationContext(environment, store, lock, operationId + "-" + suffix, operation, progress, false);
    }

    public Environment environment() {
        return environment;
    }

    public StateStore store() {
        return store;
    }

    public String operationId() {
        return operationId;
    }

    public String operation() {
        return operation;
    }

    public ProgressListener progress() {
        return progress;
    }

    @Override
    public void close() {
        if (!owner) {
            return;
        }
        try {
            store.close();
        } finally {
            lock.close();
        }
    }
}
