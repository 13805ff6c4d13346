package dev.odoorelease.engine.internal.swarm;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.SwarmLoadBalancer;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * The managed load balancer's image: {@code SwarmLoadBalancer.image()} when the configuration names one, else
 * {@value #REPOSITORY}{@code :<hash>} built on the engine from this package's {@code Dockerfile} (Debian's {@code haproxy}
 * and {@code socat} packages {@code FROM} the configured base image). The tag carries a hash of the Dockerfile and the base
 * image's id, so it is built once and again only when either changes; no registry is involved.
 */
final class HaproxyImage {
    static final String REPOSITORY = "odoo-release/haproxy";
    private static final String DOCKERFILE = "/dev/odoorelease/engine/internal/swarm/Dockerfile";

    private HaproxyImage() {
    }

    static String ensure(DockerCli docker, SwarmLoadBalancer lb, ProgressListener progress) {
        if (lb.image() != null) {
            if (docker.images().inspect(lb.image()).isEmpty()) {
                throw new OdooReleaseException(ErrorCode.NOT_FOUND, "Unable to run the load balancer image " + lb.image()
                        + ": it is not on the Docker engine. Build or pull it, or leave loadBalancer.image out (odoo-release then"
                        + " builds one from Debian's haproxy package).");
            }
            return lb.image();
        }
        String baseId = docker.images().inspect(lb.baseImage()).map(i -> i.id()).orElseThrow(() -> new OdooReleaseException(
                ErrorCode.NOT_FOUND, "Unable to build the load balancer image: its base image " + lb.baseImage() + " is not on the"
                + " Docker engine. Pull it (docker pull " + lb.baseImage() + ") or name a local Debian bookworm image as"
                + " loadBalancer.baseImage."));
        byte[] dockerfile = dockerfile();
        String tag = REPOSITORY + ":" + hash(dockerfile, baseId);
        if (docker.images().inspect(tag).isPresent()) {
            return tag;
        }
        progress.info("Building the load balancer image " + tag + " (haproxy from Debian's packages, FROM " + lb.baseImage() + ")");
        Path ctx = null;
        try {
            ctx = Files.createTempDirectory("odoo-release-haproxy");
            Files.write(ctx.resolve("Dockerfile"), dockerfile);
            return docker.timeout(Duration.ofMinutes(15)).swarm().buildImage(ctx, tag, Map.of("BASE_IMAGE", lb.baseImage()),
                    Map.of("dev.odoorelease.haproxy", "true"));
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to prepare the build of the load balancer image: " + e.getMessage()
                    + ". Check the temporary folder.", e);
        } finally {
            if (ctx != null) {
                try {
                    Files.deleteIfExists(ctx.resolve("Dockerfile"));
                    Files.deleteIfExists(ctx);
                } catch (IOException ignored) {
                    // a temporary folder left behind
                }
            }
        }
    }

    static byte[] dockerfile() {
        try (InputStream in = HaproxyImage.class.getResourceAsStream(DOCKERFILE)) {
            if (in == null) {
                throw new IllegalStateException(DOCKERFILE + " is missing from the engine's resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("Unable to read " + DOCKERFILE, e);
        }
    }

    static String hash(byte[] dockerfile, String baseId) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(dockerfile);
            md.update(baseId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
