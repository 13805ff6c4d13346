package dev.odoorelease.engine.deploy;

import dev.odoorelease.engine.docker.DockerCli;
import dev.odoorelease.engine.env.Environment;
import dev.odoorelease.engine.health.HealthSettings;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.snapshot.OperationContext;
import dev.odoorelease.engine.state.EnvironmentStates;
import dev.odoorelease.engine.state.Journal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finishes a deploy that was interrupted (kill -9, a dead agent, a restarted Jenkins) from its
 * journal, doing whichever is safe: a deploy whose new container had passed its health check is
 * completed; any other is rolled back (the database restored from its snapshot when the update or the
 * new container may have changed it).
 */
final class Recovery {
    private static final Set<String> DB_TOUCHED = Set.of("updating", "updated", "starting-new", "rolling-back");

    private final OperationContext ctx;
    private final Environment env;
    private final OdooContainer container;
    private final DockerCli docker;
    private final HealthSettings health;
    private final ProgressListener progress;

    Recovery(OperationContext ctx, Environment env, OdooContainer container, DockerCli docker, HealthSettings health,
             ProgressListener progress) {
        this.ctx = ctx;
        this.env = env;
        this.container = container;
        this.docker = docker;
        this.health = health;
        this.progress = progress;
    }

    DeployResult recover(Journal.Entry j) {
        Map<String, String> d = j.data();
        String snapshotId = d.get("snapshot");
        String opId = j.operationId();
        progress.info("Recovering deploy " + opId + " of " + env.name() + ", interrupted at step '" + j.step() + "'");
        if ("healthy".equals(j.step())) {
            String kept = DeployCommand.keptName(container, opId);
            if (docker.containerExists(kept)) {
                docker.remove(kept, true);
            }
            ctx.store().environments().record(new EnvironmentStates.Deployed(env.name(), d.get("newImage"),
                    blankToNull(d.get("commit")), DeployCommand.installedModules(env), null, snapshotId, blankToNull(d.get("build"))));
            if (snapshotId != null) {
                ctx.store().snapshots().unpin(snapshotId);
            }
            ctx.store().journal().close(opId, "deployed (completed by recovery " + ctx.operationId() + ")");
            progress.info("Completed deploy " + opId + ": its new version had passed the health check");
            return new DeployResult(DeployOutcome.DEPLOYED, env.name(), opId, blankToNull(d.get("oldImage")), d.get("newImage"), null,
                    blankToNull(d.get("commit")), null, snapshotId, null, List.of(), List.of(), Map.of(), 0, null, null);
        }
        boolean dbTouched = DB_TOUCHED.contains(j.step());
        Rollback.Outcome rb = new Rollback(ctx, env, container, docker, health, progress).run(opId, snapshotId, dbTouched);
        if (snapshotId != null) {
            ctx.store().snapshots().unpin(snapshotId);
        }
        DeployOutcome outcome = rb.ok() ? DeployOutcome.ROLLED_BACK : DeployOutcome.ROLLBACK_FAILED;
        ctx.store().journal().close(opId, outcome.name().toLowerCase(java.util.Locale.ROOT) + " (by recovery " + ctx.operationId() + ")");
        String cause = "deploy " + opId + " was interrupted at step '" + j.step() + "'";
        return new DeployResult(outcome, env.name(), opId, blankToNull(d.get("oldImage")), d.get("newImage"), null,
                blankToNull(d.get("commit")), null, snapshotId, cause, rb.failures(), rb.manualRecovery(), Map.of(), 0,
                rb.health() == null ? null : rb.health().summary(), rb.keptDatabase());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
