package io.jenkins.plugins.odoorelease;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jenkins.agents.ControllerToAgentCallable;

/**
 * The engine operations running in this JVM (an agent, or the controller for its own workspaces), by a token the
 * step made, so that aborting a build can reach the thread that runs the engine without cutting the step off from
 * its result. Interrupting that thread is the engine's "stop safely" signal: a deploy rolls back and returns
 * {@code ROLLED_BACK}; a snapshot or clone discards its unfinished copy; a swap in progress completes (renames do not
 * stop half-way) — then the operation returns or throws, and the step reports it before it stops.
 */
final class RunningOperations {
    private static final Map<String, Thread> RUNNING = new ConcurrentHashMap<>();
    /** Aborts that arrived before their operation started (a few at most; trimmed when it grows). */
    private static final Set<String> EARLY_ABORTS = ConcurrentHashMap.newKeySet();

    private RunningOperations() {}

    static void started(String token) {
        Thread current = Thread.currentThread();
        RUNNING.put(token, current);
        if (EARLY_ABORTS.remove(token)) {
            current.interrupt();
        }
    }

    static void finished(String token) {
        RUNNING.remove(token);
        EARLY_ABORTS.remove(token);
    }

    /** Asks the operation to stop safely; true when it was running here. */
    static boolean abort(String token) {
        Thread t = RUNNING.get(token);
        if (t != null) {
            t.interrupt();
            return true;
        }
        if (EARLY_ABORTS.size() > 1000) {
            EARLY_ABORTS.clear();
        }
        EARLY_ABORTS.add(token);
        return false;
    }

    /** Sent by the controller when the build is aborted while the operation runs on this agent. */
    record Abort(String token) implements ControllerToAgentCallable<Boolean, RuntimeException> {
        private static final long serialVersionUID = 1L;

        @Override
        public Boolean call() {
            return abort(token);
        }
    }
}
