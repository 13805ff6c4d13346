package dev.odoorelease.engine.config;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.nio.file.Path;
import java.util.Collection;

/**
 * The checks of a preview template against the project's environments, as written in the configuration: its source is
 * a configured environment that is not production, and its data folder is inside no environment's data directory and
 * holds none. The same rules are checked again by identity (servers, folders, Docker engines) when a preview is created.
 */
final class PreviewChecks {
    private PreviewChecks() {
    }

    static void require(String project, PreviewTemplate t, Collection<EnvironmentConfig> environments) {
        EnvironmentConfig source = environments.stream().filter(e -> e.name().equals(t.source())).findFirst()
                .orElseThrow(() -> error(project, "its source '" + t.source() + "' is not a configured environment (the environments are "
                        + String.join(", ", environments.stream().map(EnvironmentConfig::name).toList()) + ")",
                        "Name the staging environment whose scrubbed snapshots previews copy"));
        if (source.isProduction()) {
            throw error(project, "its source " + source.name() + " is a production environment",
                    "Previews are copied only from scrubbed (stage-cloned) data: name a staging environment");
        }
        Path root = t.dataDir().toAbsolutePath().normalize();
        for (EnvironmentConfig e : environments) {
            Path d = e.environment().dataDir().toAbsolutePath().normalize();
            if (root.startsWith(d) || d.startsWith(root)) {
                throw error(project, "its dataDir " + root + " overlaps the data directory " + d + " of environment " + e.name(),
                        "Give previews a folder of their own, beside the environments' (on the same file system as " + source.name()
                        + "'s, so filestores can be hard-linked)");
            }
        }
    }

    private static OdooReleaseException error(String project, String what, String todo) {
        return new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to configure the previews of project " + project + ": " + what
                + ". " + todo + ".");
    }
}
