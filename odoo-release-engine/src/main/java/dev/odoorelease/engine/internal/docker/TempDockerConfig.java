package dev.odoorelease.engine.internal.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;
import dev.odoorelease.engine.config.RegistryAuth;

/**
 * A temporary {@code DOCKER_CONFIG} folder (0700) whose {@code config.json} (0600) holds one registry's credentials,
 * deleted on close. It replaces {@code docker login}: nothing is written to the user's own Docker configuration and
 * the password never is an argument.
 */
final class TempDockerConfig implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String encoded;

    private TempDockerConfig(Path dir, String encoded) {
        this.dir = dir;
        this.encoded = encoded;
    }

    static TempDockerConfig write(String registry, RegistryAuth auth) {
        Path dir = null;
        try {
            // in this process's private folder: removed by the next run even after a kill -9
            dir = dev.odoorelease.engine.internal.process.SecretFiles.createFolder("odoo-release-docker-config-");
            String encoded = Base64.getEncoder()
                    .encodeToString((auth.username() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8));
            ObjectNode root = JSON.createObjectNode();
            root.putObject("auths").putObject(registry).put("auth", encoded);
            Path config = Files.createFile(dir.resolve("config.json"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(config, JSON.writeValueAsString(root), StandardCharsets.UTF_8);
            return new TempDockerConfig(dir, encoded);
        } catch (IOException e) {
            if (dir != null) {
                deleteTree(dir);
            }
            throw new OdooReleaseException(ErrorCode.IO, "Unable to write a temporary Docker configuration for the"
                    + " registry credentials: " + e.getMessage() + ". Check the temporary folder (java.io.tmpdir) is"
                    + " writable.", e);
        }
    }

    Path dir() {
        return dir;
    }

    /** The base64 {@code user:password} as written: also a secret. */
    String encoded() {
        return encoded;
    }

    @Override
    public void close() {
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // the folder is 0700; best effort, as nothing else can be done here
        }
    }
}
