package dev.odoorelease.engine;

import dev.odoorelease.engine.internal.docker.EnvironmentDocker;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.internal.deploy.DeployCommand;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.config.UpdateMode;
import dev.odoorelease.engine.internal.env.SharedDataGuard;
import java.nio.file.Path;
import java.util.List;

/**
 * Deploys a new image to an environment ({@link OdooRelease#deploy()}): the image pulled when the engine lacks it,
 * snapshot, module update, start, health check, automatic rollback on failure. With {@link #dryRun} only the plan:
 * the modules to update and why, nothing changed.
 *
 * <pre>{@code
 * DeployResult r = release.deploy().environment("production").image("registry/acme:1f2e3d").repository(checkout).call();
 * }</pre>
 */
public final class Deploy {
    private final OdooRelease release;
    private String environment;
    private String image;
    private String commit;
    private String update;
    private Path repository;
    private boolean dryRun;
    private boolean recoverInterrupted;
    private boolean allowSkippedUpdates;
    private String plan;
    private String approvedBy;
    private String forceUnproven;
    private String forceNonLinear;
    private String forceFailedRehearsal;

    Deploy(OdooRelease release) {
        this.release = release;
    }

    public Deploy environment(String name) {
        this.environment = name;
        return this;
    }

    /** The image to deploy ({@code [registry/]repository[:tag][@digest]}). */
    public Deploy image(String i) {
        this.image = i;
        return this;
    }

    /** The git commit the image was built from (recorded; compared by {@code update: changed}); null: HEAD of the repository. */
    public Deploy commit(String c) {
        this.commit = c;
        return this;
    }

    /** {@code changed} (the default, also for {@code null}), {@code all}, {@code none}, or a comma-separated module list. */
    public Deploy update(String u) {
        this.update = u;
        return this;
    }

    /** The project's git checkout, for {@code update: changed}; null reads module versions only. */
    public Deploy repository(Path r) {
        this.repository = r;
        return this;
    }

    /** Only plan: what a deploy would do (the modules to update and why), changing nothing. */
    public Deploy dryRun(boolean d) {
        this.dryRun = d;
        return this;
    }

    /** Recovers an interrupted earlier deploy first (rolled back or completed) instead of refusing. */
    public Deploy recoverInterrupted(boolean r) {
        this.recoverInterrupted = r;
        return this;
    }

    /**
     * Deploy even when the plan warns that the code may not match the database's schema ({@code update: none}, or
     * installed modules with another manifest version left out of the update); refused otherwise.
     */
    public Deploy allowSkippedUpdates(boolean a) {
        this.allowSkippedUpdates = a;
        return this;
    }

    /**
     * Deploy exactly the pinned plan of this id (what {@code dryRun(true)} returned in {@link DeployResult#pinnedPlan()}):
     * refused, nothing changed, when it expired or anything it pinned differs now. Image, commit and update may then be
     * left out (the plan's are used); given, they must equal the plan's.
     */
    public Deploy plan(String id) {
        this.plan = id;
        return this;
    }

    /** Who approved this deploy (e.g. the Jenkins {@code input} submitter); recorded in the history. */
    public Deploy approvedBy(String name) {
        this.approvedBy = name;
        return this;
    }

    /** Deploy to an environment with {@code promotesFrom} an image not proven there, for this reason (recorded). */
    public Deploy forceUnproven(String reason) {
        this.forceUnproven = reason;
        return this;
    }

    /** Deploy to an environment with {@code promotesFrom} a commit that does not descend from the deployed one, for this reason (recorded). */
    public Deploy forceNonLinear(String reason) {
        this.forceNonLinear = reason;
        return this;
    }

    /** Deploy an image whose last rehearsal on the environment failed, for this reason (recorded). */
    public Deploy forceFailedRehearsal(String reason) {
        this.forceFailedRehearsal = reason;
        return this;
    }

    public DeployResult call() {
        EnvironmentConfig e = release.environment(environment);
        if (plan == null && image == null) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to " + (dryRun ? "plan a deploy to " : "deploy to ")
                    + e.name() + ": no image given. Give the image (--image), or deploy a stored plan (--plan ID).");
        }
        if (image != null) {
            OdooRelease.requireImage(image, "deploy", "to " + e.name());
        }
        if (plan != null) {
            DeployCommand.requirePlanId(plan, e.environment());
        }
        if (!dryRun) {
            release.config().requirePromotionAllowed(e.name(), release.branch(), "deploy to");
        }
        SharedDataGuard guard = dryRun ? SharedDataGuard.NONE : release.guardOf(e, "deploy to");
        // a dry run only plans: it needs no container settings and no health check (it looks at the container when there is one);
        // a swarm environment has none: its instances are a swarm service (SwarmDeployRun)
        boolean swarm = e.swarm().isPresent();
        return new DeployCommand(e.environment(), dryRun || swarm ? e.container().orElse(null) : e.requireContainer("deploy to"),
                EnvironmentDocker.of(e))
                .swarm(e.swarm().orElse(null))
                .image(image)
                .registryAuth(e.registryAuth().orElse(null))
                .commit(commit)
                .update(update == null ? null : UpdateMode.parse(update))
                .repository(repository, release.config().addonsPaths())
                .dryRun(dryRun)
                .health(dryRun ? e.health().orElse(null) : e.requireHealth("deploy to"))
                .build(release.build())
                .recoverInterrupted(recoverInterrupted)
                .allowSkippedUpdates(allowSkippedUpdates)
                .guard(guard)
                .plan(plan)
                .approvedBy(approvedBy)
                .forceUnproven(forceUnproven)
                .forceNonLinear(forceNonLinear)
                .forceFailedRehearsal(forceFailedRehearsal)
                .promotesFrom(e.promotesFrom().map(src -> release.environment(src).environment()).orElse(null))
                .promotesFromMaxAge(e.promotesFrom().flatMap(src -> release.environment(src).maxAge()).orElse(null))
                .lockTimeout(release.lockTimeout())
                .progress(release.progress())
                .call();
    }
}
