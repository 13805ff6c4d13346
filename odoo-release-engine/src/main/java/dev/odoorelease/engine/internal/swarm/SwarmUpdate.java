package dev.odoorelease.engine.internal.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.progress.ProgressListener;
import java.time.Duration;
import java.util.List;

/**
 * Follows one update of a service in the swarm to its end, as Docker reports it ({@code UpdateStatus}): {@code completed}
 * (every instance runs the new specification and passed its health check), {@code rollback_completed} (an instance failed and
 * Swarm put the previous specification back on every instance: {@code --update-failure-action rollback}), or a pause
 * ({@code paused}, {@code rollback_paused}: the swarm waits for an operator). An update is recognised by its start time, so
 * the status of an earlier update is never taken for this one.
 */
public final class SwarmUpdate {
    /** How an update ended. */
    public enum End { COMPLETED, ROLLED_BACK, PAUSED, ROLLBACK_PAUSED, NO_CHANGE }

    /** The end, Docker's message about it, and the errors of the tasks that failed. */
    public record Outcome(End end, String message, List<String> taskErrors) {
    }

    /** How many failed instances make a first start give up (Swarm would restart them for ever). */
    static final int FAILED_STARTS = 3;

    private SwarmUpdate() {
    }

    /** When the service's last update started ({@code UpdateStatus.StartedAt}), or "" when it was never updated. */
    public static String lastStart(JsonNode service) {
        return service.path("UpdateStatus").path("StartedAt").asText("");
    }

    /**
     * Waits until the update that started after {@code previousStart} ends. {@code rollback}: the update being followed is a
     * rollback (its end is {@code rollback_completed}).
     */
    public static Outcome await(DockerCli docker, String service, String previousStart, Duration timeout, ProgressListener progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastState = "";
        while (true) {
            JsonNode s = docker.swarm().inspect(service).orElseThrow(() -> new OdooReleaseException(ErrorCode.NOT_FOUND,
                    "Unable to follow the update of the service " + service + ": it was removed. Check docker service ls."));
            JsonNode u = s.path("UpdateStatus");
            String started = u.path("StartedAt").asText("");
            String state = u.path("State").asText("");
            if (!started.isEmpty() && !started.equals(previousStart)) {
                if (!state.equals(lastState)) {
                    progress.info("Service " + service + ": " + state + (u.path("Message").asText("").isEmpty() ? ""
                            : " (" + u.path("Message").asText() + ")"));
                    lastState = state;
                }
                String message = u.path("Message").asText("");
                switch (state) {
                    case "completed":
                        return new Outcome(End.COMPLETED, message, List.of());
                    case "rollback_completed":
                        return new Outcome(End.ROLLED_BACK, message, failedTasks(docker, service));
                    case "paused":
                        return new Outcome(End.PAUSED, message, failedTasks(docker, service));
                    case "rollback_paused":
                        return new Outcome(End.ROLLBACK_PAUSED, message, failedTasks(docker, service));
                    default:
                        break;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to finish the rolling update of the service " + service
                        + " within " + timeout.toSeconds() + " s (state: " + (state.isEmpty() ? "not started" : state) + "). Look at docker"
                        + " service ps " + service + "; the swarm goes on with it on its own.");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OdooReleaseException(ErrorCode.INTERRUPTED, "Unable to follow the update of the service " + service
                        + ": interrupted. The swarm goes on with it; docker service ps " + service + " shows where it is.");
            }
        }
    }

    /** Waits until {@code replicas} tasks of the service run (and passed their health check). */
    public static void awaitRunning(DockerCli docker, String service, int replicas, Duration timeout, ProgressListener progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<dev.odoorelease.engine.internal.docker.SwarmServices.Task> tasks = docker.swarm().runningTasks(service);
            long running = tasks.stream().filter(dev.odoorelease.engine.internal.docker.SwarmServices.Task::running).count();
            if (running == replicas && tasks.size() == replicas) {
                progress.info("Service " + service + ": " + replicas + " instance(s) running and healthy");
                return;
            }
            List<String> failed = failedTasks(docker, service);
            if (failed.size() >= FAILED_STARTS) {
                throw new OdooReleaseException(ErrorCode.HEALTH, "Unable to start the " + replicas + " instance(s) of " + service + ": "
                        + failed.size() + " instances failed: " + String.join("; ", failed) + ". Look at docker service logs " + service + ".");
            }
            if (System.nanoTime() > deadline) {
                throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to start the " + replicas + " instance(s) of " + service
                        + " within " + timeout.toSeconds() + " s: " + running + " run; " + String.join("; ", failedTasks(docker, service))
                        + ". Look at docker service ps --no-trunc " + service + ".");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OdooReleaseException(ErrorCode.INTERRUPTED, "Unable to wait for the instances of " + service + ": interrupted.");
            }
        }
    }

    /** Waits until no task of the service has a container that may still run (after a scale to zero). */
    public static void awaitStopped(DockerCli docker, String service, Duration timeout, ProgressListener progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long active = docker.swarm().activeTasks(service);
            if (active == 0) {
                progress.info("Service " + service + ": no instance runs");
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to stop the instances of " + service + " within "
                        + timeout.toSeconds() + " s: " + active + " still run. Look at docker service ps " + service + ".");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OdooReleaseException(ErrorCode.INTERRUPTED, "Unable to wait for the instances of " + service + " to stop: interrupted.");
            }
        }
    }

    /** The errors of the service's recent failed tasks (what made Swarm roll back). */
    static List<String> failedTasks(DockerCli docker, String service) {
        return docker.swarm().failedTasks(service);
    }
}
