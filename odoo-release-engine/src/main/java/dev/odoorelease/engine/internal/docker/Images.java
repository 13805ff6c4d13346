package dev.odoorelease.engine.internal.docker;

import static dev.odoorelease.engine.internal.docker.DockerRunner.seconds;
import static dev.odoorelease.engine.internal.docker.DockerRunner.since;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.Redactor;
import dev.odoorelease.engine.internal.process.ProcessResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import dev.odoorelease.engine.config.RegistryAuth;

/** The images of one Docker engine ({@link DockerCli#images()}): pull one, inspect one. */
public final class Images {
    /** {@code docker image inspect} template: only what {@link ImageInfo} reads. */
    static final String IMAGE_FORMAT = "{\"Id\":{{json .Id}},\"RepoTags\":{{json .RepoTags}},"
            + "\"Created\":{{json .Created}},\"Config\":{\"Labels\":{{json .Config.Labels}}}}";

    private final DockerRunner docker;

    Images(DockerRunner docker) {
        this.docker = docker;
    }

    /**
     * {@code docker pull}, with credentials when given: they are written to a temporary {@code DOCKER_CONFIG} folder
     * (0700, {@code config.json} 0600) that only this call uses and that is deleted afterwards, also on failure,
     * timeout or interrupt. The user's own Docker configuration is not used for that call, so a Docker context chosen
     * there does not apply: set the engine with {@link DockerCli#withEndpoint} (or {@code DOCKER_HOST}) when it is not
     * the local one.
     */
    public void pull(String image, RegistryAuth authOrNull) {
        requireImage(image);
        long start = System.nanoTime();
        docker.progress.info("Pulling image " + image);
        List<String> args = List.of("pull", "--quiet", image);
        ProcessResult r;
        Redactor redactor = docker.redactor();
        if (authOrNull == null) {
            r = docker.execute(args, docker.pullTimeout, redactor);
        } else {
            String registry = authOrNull.registry() != null ? authOrNull.registry() : RegistryAuth.registryOf(image);
            try (TempDockerConfig config = TempDockerConfig.write(registry, authOrNull)) {
                redactor = docker.redactor(List.of(authOrNull.password(), config.encoded(),
                        authOrNull.username() + ":" + authOrNull.password()));
                r = docker.execute(args, docker.pullTimeout, redactor, Map.of("DOCKER_CONFIG", config.dir().toString()),
                        false);
            }
        }
        if (!r.ok()) {
            throw docker.failure("pull", "image " + image, r, image, redactor);
        }
        docker.progress.info("Pulled image " + image + " in " + seconds(since(start)));
    }

    /** {@code docker image inspect}; empty when the engine does not have that image. */
    public Optional<ImageInfo> inspect(String image) {
        requireImage(image);
        ProcessResult r = docker.executeRaw(List.of("image", "inspect", "--format", IMAGE_FORMAT, image));
        if (!r.ok()) {
            if (DockerFailures.message(r).toLowerCase(Locale.ROOT).contains("no such image")) {
                return Optional.empty();
            }
            throw docker.failure("inspect", "image " + image, r, null);
        }
        List<JsonNode> found = DockerOutput.parse(r.stdout(), "inspect", "image " + image);
        return found.isEmpty() ? Optional.empty() : Optional.of(ImageInfo.fromJson(found.get(0)));
    }

    private static void requireImage(String image) {
        if (image == null || image.isBlank() || image.startsWith("-")) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to use the image reference '" + image
                    + "'. Give e.g. odoo:17.0.");
        }
    }
}
