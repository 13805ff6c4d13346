package dev.odoorelease.engine.internal.preview;

import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.config.PreviewTemplate;
import dev.odoorelease.engine.config.SnapshotKind;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A preview as an environment of its own, made from the template for one name and port: a development environment on its
 * source's database server and role (database = the preview's name), its data directory {@code <preview dataDir>/<name>},
 * template snapshots (one kept, no failed copies kept: a preview is disposable), its container with the template's
 * limits, and its health check. What deploys, rollbacks and guard rails take, like any configured environment.
 */
public final class PreviewEnvironment {
    /** How often a preview's health check probes. */
    static final java.time.Duration HEALTH_POLL = java.time.Duration.ofMillis(250);

    private PreviewEnvironment() {
    }

    /** The preview {@code name} of {@code template} copied from {@code source}, on {@code port} (0: none). */
    public static EnvironmentConfig of(PreviewTemplate template, EnvironmentConfig source, String name, int port) {
        Environment src = source.environment();
        Environment env = Environment.builder(name).kind(EnvironmentKind.DEVELOPMENT)
                .database(src.db().withDatabase(name))
                .dataDir(dataDir(template, name))
                .snapshotKind(SnapshotKind.TEMPLATE).keepSnapshots(1).keepFailedCopies(0)
                .maxMissingFiles(src.maxMissingFiles())
                .stateDatabase(src.stateDatabase())
                .jobs(src.jobs())
                .build();
        String url = url(template, name, port);
        OdooContainer c = new OdooContainer(name, template.network().orElse(null), List.of(),
                template.args().stream().map(a -> fill(a, name, port)).toList(), env(template, name, port), template.volumes(), url, null,
                template.memory().orElse(null), template.cpus().orElse(null));
        // probed every 250 ms: a preview's creation waits for its container, and a 2 s poll would add up to 2 s to it
        HealthSettings health = HealthSettings.forUrl(url).database(name).timeout(template.healthTimeout()).pollInterval(HEALTH_POLL)
                .build();
        EnvironmentConfig.Builder b = EnvironmentConfig.builder(env).container(c).health(health);
        template.docker().ifPresent(b::docker);
        source.registryAuth().ifPresent(r -> b.registry(r.registry(), r.username(), r.password()));
        return b.build();
    }

    public static Path dataDir(PreviewTemplate template, String name) {
        return template.dataDir().resolve(name);
    }

    public static String url(PreviewTemplate template, String name, int port) {
        return fill(template.url(), name, port);
    }

    private static Map<String, String> env(PreviewTemplate template, String name, int port) {
        Map<String, String> m = new LinkedHashMap<>();
        template.env().forEach((k, v) -> m.put(k, fill(v, name, port)));
        return m;
    }

    private static String fill(String s, String name, int port) {
        return s.replace("{name}", name).replace("{port}", String.valueOf(port));
    }
}
