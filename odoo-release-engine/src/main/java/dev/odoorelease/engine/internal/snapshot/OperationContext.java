package dev.odoorelease.engine.internal.snapshot;

import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.internal.env.SharedDataGuard;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.internal.state.EnvironmentLock;
import dev.odoorelease.engine.internal.state.StateStore;
import java.time.Duration;

/**
 * What every operation on an environment runs inside: the lock of the environment's database (keyed by
 * what the database is, see {@link EnvironmentLock}), its state store, an operation id, the progress
 * listener, and the guard rail its destructive steps re-check under the lock ({@link #requireOwnData}).
 * Opening it cleans up what killed operations left behind (safe because the lock proves no other
 * operation on this environment's database is running).
 */
public final class OperationContext implements AutoCloseable {
    private final Environment environment;
    private final StateStore store;
    private final EnvironmentLock lock;
    private final String operationId;
    private final String operation;
    private final ProgressListener progress;
    private final boolean owner;
    private final SharedDataGuard guard;

    private OperationContext(Environment environment, StateStore store, EnvironmentLock lock, String operationId,
                             String operation, ProgressListener progress, SharedDataGuard guard) {
        this(environment, store, lock, operationId, operation, progress, true, guard);
    }

    private OperationContext(Environment environment, StateStore store, EnvironmentLock lock, String operationId,
                             String operation, ProgressListener progress, boolean owner, SharedDataGuard guard) {
        this.owner = owner;
        this.guard = guard;
        this.environment = environment;
        this.store = store;
        this.lock = lock;
        this.operationId = operationId;
        this.operation = operation;
        this.progress = progress;
    }

    public static OperationContext open(Environment env, String operation, Duration lockTimeout, ProgressListener progress) {
        return open(env, operation, lockTimeout, progress, SharedDataGuard.NONE, true);
    }

    /**
     * Opens the context of an operation whose destructive steps must first prove, under the lock, that the environment
     * shares no data with the environments of {@code guard}; the check also runs once as soon as the lock is held.
     */
    public static OperationContext open(Environment env, String operation, Duration lockTimeout, ProgressListener progress,
                                        SharedDataGuard guard) {
        return open(env, operation, lockTimeout, progress, guard, true);
    }

    /**
     * The context of a read-only look under the lock (a rollback's dry run): the same lock, so what it reads is not
     * changing under it, but no clean-up of leftovers — a plan changes nothing.
     */
    public static OperationContext openReadOnly(Environment env, String operation, Duration lockTimeout, ProgressListener progress) {
        return open(env, operation, lockTimeout, progress, SharedDataGuard.NONE, false);
    }

    private static OperationContext open(Environment env, String operation, Duration lockTimeout, ProgressListener progress,
                                         SharedDataGuard guard, boolean cleanLeftovers) {
        String opId = OperationIds.newId();
        StateStore store = StateStore.open(env);
        EnvironmentLock lock;
        try {
            lock = EnvironmentLock.acquire(env.db(), env.name(), operation, opId, lockTimeout, progress);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        OperationContext ctx = new OperationContext(env, store, lock, opId, operation, progress, guard);
        try {
            ctx.requireOwnData(operation);
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
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
        return new OperationContext(environment, store, lock, operationId + "-" + suffix, operation, progress, false, guard);
    }

    /**
     * The guard rail of a destructive step, under the lock: refuses (changing nothing) when the environment's database
     * or filestore is, by identity, another configured environment's. {@code step} names it ("swap", "update modules").
     */
    public void requireOwnData(String step) {
        guard.require(environment, step + " " + environment.name(), progress);
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
