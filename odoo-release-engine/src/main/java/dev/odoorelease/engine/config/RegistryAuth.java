package dev.odoorelease.engine.config;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.util.Objects;

/**
 * Credentials for one registry, used by {@link Images#pull}. They reach the CLI only through a temporary
 * {@code DOCKER_CONFIG} folder (mode 0700, with a 0600 {@code config.json}) that exists for the duration of the pull:
 * never {@code docker login -p}, never the command line, never the user's own {@code ~/.docker/config.json}.
 * {@link #toString()} masks the password. Not serializable on purpose: build it where it is used.
 *
 * @param registry the registry host as in image references ({@code registry.example.com:5000}); {@code null} =
 *                 the registry of the pulled image (Docker Hub for {@code odoo:17.0})
 * @param username user name
 * @param password password or access token
 */
public record RegistryAuth(String registry, String username, String password) {
    /** The key Docker Hub's credentials have in {@code config.json}. */
    public static final String DOCKER_HUB = "https://index.docker.io/v1/";

    public RegistryAuth {
        registry = registry == null || registry.isBlank() ? null : registry.strip();
        if (username == null || username.isEmpty() || username.contains(":")) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to use registry credentials"
                    + (registry == null ? "" : " for " + registry) + ": the user name is "
                    + (username == null || username.isEmpty() ? "missing" : "not valid (it contains ':')")
                    + ". Check the credentials given for the registry.");
        }
        Objects.requireNonNull(password, "password");
    }

    public static RegistryAuth of(String username, String password) {
        return new RegistryAuth(null, username, password);
    }

    /** The registry host of an image reference: the first path part if it looks like a host, else Docker Hub. */
    public static String registryOf(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return DOCKER_HUB;
        }
        String first = image.substring(0, slash);
        boolean host = first.contains(".") || first.contains(":") || first.equals("localhost");
        return host && !first.equals("docker.io") && !first.equals("index.docker.io") ? first : DOCKER_HUB;
    }

    @Override
    public String toString() {
        return "RegistryAuth[registry=" + (registry == null ? "(of the image)" : registry) + ", username=" + username
                + ", password=****]";
    }
}
