package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.internal.docker.ContainerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The container specifications of an environment's {@link OdooContainer}: the serving container and the module update. */
final class OdooContainerSpecs {
    private OdooContainerSpecs() {
    }

    /** A server container of {@code image} for the environment. */
    static ContainerSpec server(OdooContainer c, Environment env, String image, String containerName, Map<String, String> labels, Path configFile) {
        List<String> cmd = new ArrayList<>(List.of("odoo", "-d", env.db().database()));
        cmd.addAll(c.extraOdooArgs());
        return spec(c, env, image, containerName, cmd, labels, configFile, null).toBuilder().restartPolicy(OdooContainer.RESTART_POLICY).build();
    }

    /** The one-off module update with the environment's data directory. */
    static ContainerSpec update(OdooContainer c, Environment env, String image, String containerName, String modules, Map<String, String> labels,
            Path configFile) {
        return update(c, env, image, containerName, modules, labels, configFile, null);
    }

    /**
     * The one-off module update: {@code -u <modules> --stop-after-init --no-http}, crons off (odoo-facts §8.8). {@code dataMount}:
     * a {@code --mount} specification of {@code /var/lib/odoo} (a swarm environment's shared volume), or null: the environment's
     * data directory.
     */
    static ContainerSpec update(OdooContainer c, Environment env, String image, String containerName, String modules, Map<String, String> labels,
            Path configFile, String dataMount) {
        return spec(c, env, image, containerName, oneOff(c, env, "-u", modules), labels, configFile, dataMount);
    }

    /** The one-off initialisation of a new database: {@code -i <modules> --stop-after-init --no-http}, crons off. */
    static ContainerSpec init(OdooContainer c, Environment env, String image, String containerName, String modules, Map<String, String> labels,
            Path configFile) {
        return spec(c, env, image, containerName, oneOff(c, env, "-i", modules), labels, configFile, null);
    }

    /**
     * {@code odoo -d DB <action> <modules> --stop-after-init --no-http --max-cron-threads=0} and the environment's extra Odoo
     * options, but for those a one-off run must not take from the server's (its HTTP port, crons, workers).
     */
    private static List<String> oneOff(OdooContainer c, Environment env, String action, String modules) {
        List<String> cmd = new ArrayList<>(List.of("odoo", "-d", env.db().database(), action, modules, "--stop-after-init",
                "--no-http", "--max-cron-threads=0"));
        for (String a : c.extraOdooArgs()) {
            if (!a.startsWith("--http-port") && !a.startsWith("--max-cron-threads") && !a.startsWith("--workers")) {
                cmd.add(a);
            }
        }
        return cmd;
    }

    private static ContainerSpec spec(OdooContainer c, Environment env, String image, String containerName, List<String> cmd, Map<String, String> labels,
            Path configFile, String dataMount) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("HOST", env.db().host());
        e.put("PORT", String.valueOf(env.db().port()));
        e.put("USER", env.db().user());
        e.putAll(c.extraEnv());
        List<String> volumes = new ArrayList<>();
        if (dataMount == null) {
            volumes.add(env.dataDir().toAbsolutePath() + ":/var/lib/odoo");
        }
        List<String> command = cmd;
        List<String> entrypoint = List.of();
        if (configFile != null) {
            e.put("ODOO_RC", OdooConfigFile.MOUNT);
            volumes.add(configFile.toAbsolutePath() + ":" + OdooConfigFile.MOUNT + ":ro");
            // the official entrypoint copies db_password onto Odoo's command line even when $ODOO_RC sets it (it only
            // takes the value from there): Odoo is started directly, and reads its settings from $ODOO_RC
            entrypoint = List.of("--entrypoint", "odoo");
            command = cmd.subList(1, cmd.size());
        }
        volumes.addAll(c.extraVolumes());
        ContainerSpec.Builder b = ContainerSpec.builder(image).name(containerName).command(command).env(e).labels(labels)
                .stopTimeout(c.stopGrace()).extraArgs(entrypoint.toArray(String[]::new));
        volumes.forEach(b::volume);
        if (dataMount != null) {
            b.extraArgs("--mount", dataMount);
        }
        if (c.memory() != null) {
            b.extraArgs("--memory", c.memory());
        }
        if (c.cpus() != null) {
            b.extraArgs("--cpus", c.cpus());
        }
        c.ports().forEach(b::port);
        if (c.network() != null) {
            b.network(c.network());
        }
        return b.build();
    }
}
