package dev.odoorelease.engine.config;

import dev.odoorelease.engine.internal.docker.ContainerSpec;
import dev.odoorelease.engine.config.Environment;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.odoorelease.engine.internal.deploy.OdooConfigFile;

/**
 * How an environment's Odoo container runs: database settings in a generated Odoo configuration file mounted read-only
 * ({@link OdooConfigFile}, {@code ODOO_RC}) and Odoo started directly ({@code --entrypoint odoo}), because the official
 * image's entrypoint puts {@code --db_password <secret>} on Odoo's command line whatever it is given (the
 * {@code PASSWORD} variable, or the value it greps out of {@code $ODOO_RC}); without a password, the image's entrypoint
 * with HOST/PORT/USER in an env-file. The data directory is mounted at {@code /var/lib/odoo}; {@code odoo -d <db>} plus
 * the project's extra options. The server container restarts
 * with the Docker engine ({@value #RESTART_POLICY}); one-off update containers never do.
 */
public record OdooContainer(String name, String network, List<String> ports, List<String> extraOdooArgs,
                            Map<String, String> extraEnv, List<String> extraVolumes, String url, Duration stopGrace)
        implements Serializable {

    /** The serving container's restart policy: back after a Docker or host restart, not after a deliberate stop. */
    public static final String RESTART_POLICY = "unless-stopped";

    public OdooContainer {
        ports = ports == null ? List.of() : List.copyOf(ports);
        extraOdooArgs = extraOdooArgs == null ? List.of() : List.copyOf(extraOdooArgs);
        extraEnv = extraEnv == null ? Map.of() : Map.copyOf(extraEnv);
        extraVolumes = extraVolumes == null ? List.of() : List.copyOf(extraVolumes);
        stopGrace = stopGrace == null ? Duration.ofSeconds(30) : stopGrace;
    }

    /** A server container of {@code image} for the environment. */
    public ContainerSpec server(Environment env, String image, String containerName, Map<String, String> labels, Path configFile) {
        List<String> cmd = new ArrayList<>(List.of("odoo", "-d", env.db().database()));
        cmd.addAll(extraOdooArgs);
        return spec(env, image, containerName, cmd, labels, configFile).toBuilder().restartPolicy(RESTART_POLICY).build();
    }

    /** The one-off module update: {@code -u <modules> --stop-after-init --no-http}, crons off (odoo-facts §8.8). */
    public ContainerSpec update(Environment env, String image, String containerName, String modules, Map<String, String> labels,
            Path configFile) {
        List<String> cmd = new ArrayList<>(List.of("odoo", "-d", env.db().database(), "-u", modules, "--stop-after-init",
                "--no-http", "--max-cron-threads=0"));
        for (String a : extraOdooArgs) {
            if (!a.startsWith("--http-port") && !a.startsWith("--max-cron-threads") && !a.startsWith("--workers")) {
                cmd.add(a);
            }
        }
        return spec(env, image, containerName, cmd, labels, configFile);
    }

    private ContainerSpec spec(Environment env, String image, String containerName, List<String> cmd, Map<String, String> labels,
            Path configFile) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("HOST", env.db().host());
        e.put("PORT", String.valueOf(env.db().port()));
        e.put("USER", env.db().user());
        e.putAll(extraEnv);
        List<String> volumes = new ArrayList<>();
        volumes.add(env.dataDir().toAbsolutePath() + ":/var/lib/odoo");
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
        volumes.addAll(extraVolumes);
        ContainerSpec.Builder b = ContainerSpec.builder(image).name(containerName).command(command).env(e).labels(labels)
                .stopTimeout(stopGrace).extraArgs(entrypoint.toArray(String[]::new));
        volumes.forEach(b::volume);
        ports.forEach(b::port);
        if (network != null) {
            b.network(network);
        }
        return b.build();
    }
}
