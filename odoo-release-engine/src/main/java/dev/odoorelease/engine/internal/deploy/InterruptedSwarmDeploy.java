package dev.odoorelease.engine.internal.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.engine.config.SwarmRuntime;
import dev.odoorelease.engine.internal.swarm.OdooService;
import dev.odoorelease.engine.internal.swarm.SwarmUpdate;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.DeployedVersion;
import dev.odoorelease.engine.result.JournalEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finishes a swarm deploy ({@link SwarmDeployRun}, journal {@value SwarmDeployRun#JOURNAL}) that a killed process left open,
 * doing whichever is safe.
 * <ul>
 * <li>A <b>module update</b>: as a single-container deploy ({@link Recovery}, with the swarm's {@link SwarmServing}): completed
 * when its new instances had passed the health check; otherwise undone — every instance stopped behind the maintenance page, the
 * data restored from the snapshot when the update may have changed it, the previous image on every instance, health-checked,
 * the page off.</li>
 * <li>A <b>rolling (code-only) deploy</b>: the swarm finishes (or rolls back) the update it had started on its own; once it has,
 * a service on the new image that passes the health check through the load balancer is the deploy completed (the cron instance
 * rolled to the same image when the kill came before it was), and one that does not is rolled back by the swarm
 * ({@code docker service rollback}); the service on its previous image is the deploy undone. What runs is recorded.</li>
 * </ul>
 */
final class InterruptedSwarmDeploy {
    private final DeployContext dc;
    private final SwarmRuntime swarm;
    private final SwarmServing serving;

    InterruptedSwarmDeploy(DeployContext dc, SwarmRuntime swarm, Duration monitor) {
        this.dc = dc;
        this.swarm = swarm;
        this.serving = new SwarmServing(dc, swarm, monitor);
    }

    /** Whether the next deploy may finish this journal on its own (a rolling deploy: the swarm did the work) instead of refusing. */
    static boolean finishedByTheSwarm(JournalEntry j) {
        return SwarmDeployRun.JOURNAL.equals(j.operation()) && !SwarmDeployRun.UPDATE.equals(j.data().get(SwarmDeployRun.MODE));
    }

    DeployResult recover(JournalEntry j) {
        if (SwarmDeployRun.UPDATE.equals(j.data().get(SwarmDeployRun.MODE))) {
            DeployResult r = new Recovery(dc, serving).recover(j);
            if (r.outcome() == DeployResult.Outcome.DEPLOYED) {
                // it had passed its health check, so the page was off; switched off again all the same (idempotent)
                serving.maintenance(false);
            }
            if (r.outcome() != DeployResult.Outcome.ROLLBACK_FAILED) {
                serving.service().pruneUnused();
            }
            return r;
        }
        return recoverRoll(j);
    }

    private DeployResult recoverRoll(JournalEntry open) {
        OdooService service = serving.service();
        String newImage = open.data().getOrDefault("newImage", "");
        String oldImage = open.data().getOrDefault("oldImage", "");
        dc.progress().warn("The swarm deploy " + open.operationId() + " of " + newImage + " to " + dc.env().name() + " was interrupted at "
                + open.step() + "; waiting for the swarm to finish the update it started");
        awaitUpdate(swarm.service());
        Optional<JsonNode> s = service.inspect();
        String running = s.map(n -> n.path("Spec").path("TaskTemplate").path("ContainerSpec").path("Image").asText("")).orElse("");
        boolean completed = !newImage.isEmpty() && running.equals(newImage) && s.map(n -> !n.path("UpdateStatus").path("State")
                .asText("").startsWith("rollback")).orElse(false);
        String result;
        String cause = null;
        if (completed) {
            try {
                if (swarm.cron()) {
                    rollCronTo(newImage, open.operationId());
                }
                serving.checkHealth();
            } catch (RuntimeException e) {
                cause = "the interrupted deploy's new version is not healthy: " + e.getMessage();
                dc.progress().warn(cause + "; rolling the services back");
                completed = false;
                for (String name : swarm.cron() ? List.of(swarm.service(), swarm.cronService()) : List.of(swarm.service())) {
                    rollBack(name, oldImage);
                }
                serving.checkHealth();
                running = service.image();
            }
        }
        if (completed) {
            String commit = open.data().getOrDefault("commit", "");
            dc.store().environments().record(new DeployedVersion(dc.env().name(), newImage, commit.isEmpty() ? null : commit,
                    DeployContext.installedModules(dc.env()), null, null, null));
            result = DeployResult.Outcome.DEPLOYED.id();
            dc.progress().info("Completed the interrupted deploy " + open.operationId() + ": " + newImage
                    + " runs on every instance; its new version had passed the health check");
        } else {
            result = DeployResult.Outcome.ROLLED_BACK.id();
            dc.progress().info("The interrupted deploy " + open.operationId() + " did not complete: the instances run "
                    + (running == null || running.isEmpty() ? "nothing" : running));
        }
        service.pruneUnused();
        dc.journal().close(open.operationId(), result + " (by recovery " + dc.ctx().operationId() + ")");
        String historyId = open.data().get("historyId");
        if (historyId != null) {
            dc.store().history().finish(Long.parseLong(historyId), result, Map.of("recoveredBy", dc.ctx().operationId(), "image", newImage));
        }
        return new DeployResult(completed ? DeployResult.Outcome.DEPLOYED : DeployResult.Outcome.ROLLED_BACK, dc.env().name(),
                open.operationId(), oldImage.isEmpty() ? null : oldImage, newImage, null, null, null, null,
                completed ? null : cause == null ? "swarm-deploy " + open.operationId() + " was interrupted at step '" + open.step() + "'"
                        : cause, List.of(), List.of(), Map.of(), 0, null, null);
    }

    /** Waits for an update or rollback the swarm is still busy with. */
    private void awaitUpdate(String name) {
        Optional<JsonNode> s = dc.docker().swarm().inspect(name);
        String state = s.map(n -> n.path("UpdateStatus").path("State").asText("")).orElse("");
        if (state.equals("updating") || state.equals("rollback_started")) {
            SwarmUpdate.await(dc.docker(), name, "", serving.timeout(), dc.progress());
        }
    }

    /** The cron instance onto the image the serving instances completed (the kill came before its own roll). */
    private void rollCronTo(String image, String op) {
        awaitUpdate(swarm.cronService());
        Optional<JsonNode> cron = dc.docker().swarm().inspect(swarm.cronService());
        if (cron.isPresent() && image.equals(OdooService.image(cron.get()))) {
            return;
        }
        serving.runAll(image, op);
    }

    private void rollBack(String name, String oldImage) {
        Optional<JsonNode> s = dc.docker().swarm().inspect(name);
        if (s.isEmpty() || java.util.Objects.equals(OdooService.image(s.get()), oldImage)) {
            return;
        }
        dc.docker().swarm().rollback(name);
        SwarmUpdate.await(dc.docker(), name, SwarmUpdate.lastStart(s.get()), serving.timeout(), dc.progress());
    }
}
