package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.RunResult;
import dev.odoorelease.engine.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A new, empty database initialised by Odoo itself, in a one-off container of the image, as {@code odoo -d <db> -i
 * <modules> --stop-after-init} does: base and the given modules installed, with or without Odoo's demo data. Odoo 16-18
 * load demo data for the modules they install unless {@code without_demo} is set — and the command line cannot turn it
 * back on once the image's configuration file sets it ({@code --without-demo} takes a value and every value is true) —,
 * so the run's configuration file states it: {@code without_demo = False}, or {@code all}. The container carries the
 * environment's and the operation's labels and is removed when it exits; its configuration file is removed too.
 */
public final class OdooInitJob {
    private OdooInitJob() {
    }

    /** The one-off container of operation {@code opId} that initialises the database. */
    public static String containerName(OdooContainer c, String opId) {
        return c.name() + "-init-" + opId;
    }

    /** Runs it; a non-zero exit fails with the last lines of Odoo's log. */
    public static void run(DockerCli docker, Environment env, OdooContainer c, String image, List<String> modules, boolean demo,
            String opId, Duration timeout, ProgressListener progress) {
        String mods = String.join(",", modules);
        progress.info("Initialising database " + env.db().database() + ": odoo -i " + mods + " --stop-after-init, "
                + (demo ? "with" : "without") + " demo data (one-off container of " + image + ")");
        Path conf = OdooConfigFile.write(docker, env, progress, image, opId, Map.of("without_demo", demo ? "False" : "all"));
        try {
            RunResult r = docker.containers().runToCompletion(OdooContainerSpecs.init(c, env, image, containerName(c, opId), mods,
                    DeployNames.labels(env, opId), conf), timeout);
            if (r.exitCode() != 0) {
                String[] all = r.logs() == null ? new String[0] : r.logs().strip().split("\n");
                throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to initialise database " + env.db().database()
                        + " (odoo -i " + mods + " in a one-off container of " + image + "): it exited with " + r.exitCode()
                        + "; last lines:\n" + String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - 15), all.length))
                        + "\nCheck the image and the modules to install (preview.demoModules).");
            }
        } finally {
            try {
                Files.deleteIfExists(conf);
            } catch (IOException e) {
                progress.warn("could not remove Odoo's configuration file " + conf + ": " + e.getMessage());
            }
        }
    }
}
