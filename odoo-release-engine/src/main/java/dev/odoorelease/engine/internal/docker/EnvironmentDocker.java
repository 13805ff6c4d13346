package dev.odoorelease.engine.internal.docker;

import dev.odoorelease.engine.config.EnvironmentConfig;

/** The Docker CLI of a configured environment. */
public final class EnvironmentDocker {
    private EnvironmentDocker() {
    }

    /** A Docker CLI for the environment: its engine, and every secret of the environment redacted from output. */
    public static DockerCli of(EnvironmentConfig e) {
        DockerCli cli = DockerCli.local();
        if (e.docker().isPresent()) {
            cli = cli.withEndpoint(e.docker().get());
        }
        return cli.redacting(e.secrets().toArray(String[]::new));
    }
}
