package dev.odoorelease.engine.deploy;

import dev.odoorelease.engine.docker.ContainerSpec;
import dev.odoorelease.engine.env.Environment;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an environment's Odoo container runs, the way the official image expects it: database settings
 * through HOST/PORT/USER/PASSWORD (passed in an env-file, never on a command line), the data
 * directory mounted at {@code /var/lib/odoo}, {@code odoo -d <db>} plus the project's extra options.
 */
public record OdooContainer(String name, String network, List<String> ports, List<String> extraOdooArgs,
                            Map<String, String> extraEnv, List<String> extraVolumes, String url, Duration stopGrace)
        implements Serializable {

    public OdooContainer {
        ports = ports == null ? List.of() : List.copyOf(ports);
        extraOdooArgs = extraOdooArgs == null ? List.of() : List.copyOf(extraOdooArgs);
        extraEnv = extraEnv == null ? Map.of() : Map.copyOf(extraEnv);
        extraVolumes = extraVolumes == null ? List.of() : List.copyOf(extraVolumes);
        stopGrace = stopGrace == null ? Duration.ofSeconds(30) : stopGrace;
    }

    /** A server container of {@code image} for the environment. */
    ContainerSpec server(Environment env, String image, String containerName, Map<String, String> labels) {
        List<String> cmd = new ArrayList<>(List.of("odoo", "-d", env.db().database()));
        cmd.addAll(extraOdooArgs);
        return spec(env, image, containerName, cmd, labels);
    }

    /** The one-off module update: {@code -u <modules> --stop-after-init --no-http}, crons off (odoo-facts §8.8). */
    ContainerSpec update(Environment env, String image, String containerName, String modules, Map<String, String> labels) {
        List<String> cmd = new ArrayList<>(List.of("odoo", "-d", env.db().database(), "-u", modules, "--stop-after-init",
                "--no-http", "--max-cron-threads=0"));
        for (String a : extraOdooArgs) {
            if (!a.startsWith("--http-port") && !a.startsWith("--max-cron-threads") && !a.startsWith("--workers")) {
                cmd.add(a);
            }
        }
        return spec(env, image, containerName, cmd, labels);
    }

    private ContainerSpec spec(Environment env, String image, String containerName, List<String> cmd, Map<String, String> labels) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("HOST", env.db().host());
        e.put("PORT", String.valueOf(env.db().port()));
        e.put("USER", env.db().user());
        if (env.db().password() != null) {
            e.put("PASSWORD", env.db().password());
        }
        e.putAll(extraEnv);
        List<String> volumes = new ArrayList<>();
        volumes.add(env.dataDir().toAbsolutePath() + ":/var/lib/odoo");
        volumes.addAll(extraVolumes);
        ContainerSpec.Builder b = ContainerSpec.builder(image).name(containerName).command(cmd).env(e).labels(labels)
                .stopTimeout(stopGrace);
        volumes.forEach(b::volume);
        ports.forEach(b::port);
        if (network != null) {
            b.network(network);
        }
        return b.build();
    }
}
