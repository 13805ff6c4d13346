package dev.odoorelease.engine.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How an environment's Odoo container runs: database settings in a generated Odoo configuration file mounted read-only
 * (the engine's {@code OdooConfigFile}, {@code ODOO_RC}) and Odoo started directly ({@code --entrypoint odoo}), because the official
 * image's entrypoint puts {@code --db_password <secret>} on Odoo's command line whatever it is given (the
 * {@code PASSWORD} variable, or the value it greps out of {@code $ODOO_RC}); without a password, the image's entrypoint
 * with HOST/PORT/USER in an env-file. The data directory is mounted at {@code /var/lib/odoo}; {@code odoo -d <db>} plus
 * the project's extra options. The server container restarts
 * with the Docker engine ({@value #RESTART_POLICY}); one-off update containers never do. {@code memory} and {@code cpus}
 * (null: none) are Docker's {@code --memory} and {@code --cpus} limits of every container of the environment (previews).
 */
public record OdooContainer(String name, String network, List<String> ports, List<String> extraOdooArgs,
                            Map<String, String> extraEnv, List<String> extraVolumes, String url, Duration stopGrace,
                            String memory, String cpus)
        implements Serializable {

    /** Without resource limits. */
    public OdooContainer(String name, String network, List<String> ports, List<String> extraOdooArgs, Map<String, String> extraEnv,
                         List<String> extraVolumes, String url, Duration stopGrace) {
        this(name, network, ports, extraOdooArgs, extraEnv, extraVolumes, url, stopGrace, null, null);
    }

    /** The serving container's restart policy: back after a Docker or host restart, not after a deliberate stop. */
    public static final String RESTART_POLICY = "unless-stopped";

    public OdooContainer {
        ports = ports == null ? List.of() : List.copyOf(ports);
        extraOdooArgs = extraOdooArgs == null ? List.of() : List.copyOf(extraOdooArgs);
        extraEnv = extraEnv == null ? Map.of() : Map.copyOf(extraEnv);
        extraVolumes = extraVolumes == null ? List.of() : List.copyOf(extraVolumes);
        stopGrace = stopGrace == null ? Duration.ofSeconds(30) : stopGrace;
    }
}
