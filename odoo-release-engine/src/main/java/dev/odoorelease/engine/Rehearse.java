package dev.odoorelease.engine;

import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.config.UpdateMode;
import dev.odoorelease.engine.internal.deploy.RehearseCommand;
import dev.odoorelease.engine.internal.docker.EnvironmentDocker;
import dev.odoorelease.engine.result.RehearsalResult;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Rehearses a deploy of an image on an environment's own data ({@link OdooRelease#rehearse()}): its latest verified snapshot
 * (or a fresh one) restored into a throwaway database and filestore on its own server, neutralized and verified neutral
 * before any Odoo process touches it — with the staging policy a stage clone of the environment would apply (its project
 * SQL, mail catcher and cron allowlist; {@link RehearsalNeutralization}), or the built-in rules where the project has none —
 * updated by the image in a throwaway container, started and health-checked, then dropped. The environment's database,
 * filestore and container are never touched. The result (outcome, update duration,
 * the update's warnings and errors, schema changes, health check) is recorded in the environment's history, where a plan
 * of that image reads it.
 *
 * <pre>{@code
 * RehearsalResult r = release.rehearse().environment("production").image("registry/acme:1f2e3d").call();
 * }</pre>
 */
public final class Rehearse {
    private final OdooRelease release;
    private String environment;
    private String image;
    private boolean freshSnapshot;
    private String update;
    private Path repository;
    private String commit;
    private Duration healthTimeout;
    private String serverOf;

    Rehearse(OdooRelease release) {
        this.release = release;
    }

    public Rehearse environment(String name) {
        this.environment = name;
        return this;
    }

    /** The image to rehearse ({@code [registry/]repository[:tag][@digest]}). */
    public Rehearse image(String i) {
        this.image = i;
        return this;
    }

    /**
     * Put the throwaway copy on this other environment's database server and data directory (its credentials), e.g. a
     * rehearsal server, instead of the rehearsed environment's own (the default, where a template snapshot is copied
     * fastest); there only a dump snapshot can be restored. Never a production environment other than the rehearsed one.
     */
    public Rehearse serverOf(String environmentName) {
        this.serverOf = environmentName;
        return this;
    }

    /** Take a fresh dump snapshot (online) to rehearse on, instead of the latest verified snapshot (the default). */
    public Rehearse freshSnapshot(boolean fresh) {
        this.freshSnapshot = fresh;
        return this;
    }

    /** {@code changed}, {@code all} or a module list; null: {@code changed} with a repository, else {@code all}. */
    public Rehearse update(String u) {
        this.update = u;
        return this;
    }

    /** The project's git checkout, for {@code update: changed}. */
    public Rehearse repository(Path r) {
        this.repository = r;
        return this;
    }

    /** The commit the image was built from; null: HEAD of the repository. */
    public Rehearse commit(String c) {
        this.commit = c;
        return this;
    }

    /** How long the rehearsal's server has to become healthy; null: the environment's health check timeout. */
    public Rehearse healthTimeout(Duration t) {
        this.healthTimeout = t;
        return this;
    }

    /**
     * @throws OdooReleaseException CONFIGURATION for an unknown environment (also for {@link #serverOf}), a missing or
     *         invalid image, an environment without container or health settings, staging environments that neutralize
     *         differently with no {@code promotesFrom} choosing one; NOT_FOUND without a verified snapshot — all before anything is created
     */
    public RehearsalResult call() {
        EnvironmentConfig e = release.environment(environment);
        if (image == null || image.isBlank()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to rehearse a deploy to " + e.name()
                    + ": no image given. Give the image to rehearse (--image).");
        }
        OdooRelease.requireImage(image, "rehearse", "on " + e.name());
        release.requireOwnEndpoints(e);
        dev.odoorelease.engine.config.Environment host = null;
        if (serverOf != null && !serverOf.equals(e.name())) {
            EnvironmentConfig h = release.environment(serverOf);
            if (h.isProduction()) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to rehearse " + image + " on " + e.name() + " with the copy on "
                        + h.name() + "'s server: " + h.name() + " is another production environment, whose server takes no throwaway "
                        + "copies. Give a staging or rehearsal environment, or leave --server-of out.");
            }
            host = h.environment();
        }
        RehearsalNeutralization neutralization = RehearsalNeutralization.of(release.config(), e, image);
        return new RehearseCommand(e.environment(), e.requireContainer("rehearse a deploy to"), EnvironmentDocker.of(e),
                e.requireHealth("rehearse a deploy to"))
                .image(image)
                .neutralization(neutralization.policy(), neutralization.source())
                .on(host)
                .registryAuth(e.registryAuth().orElse(null))
                .freshSnapshot(freshSnapshot)
                .update(update == null ? null : UpdateMode.parse(update))
                .repository(repository, release.config().addonsPaths())
                .commit(commit)
                .healthTimeout(healthTimeout)
                .build(release.build())
                .lockTimeout(release.lockTimeout())
                .progress(release.progress())
                .call();
    }
}
