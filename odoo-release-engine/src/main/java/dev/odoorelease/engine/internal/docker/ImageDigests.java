package dev.odoorelease.engine.internal.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odoorelease.engine.internal.process.ProcessResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Registry digests of images: {@code repository@sha256:…}, the name of an image's manifest in a registry. An image that
 * came from a registry ({@code docker pull}) or went to one ({@code docker push}) has one per repository
 * ({@code docker image inspect}'s {@code RepoDigests}); an image only built locally has none. Unlike a tag, a digest
 * never moves: pulling it gives exactly the image that was pushed, so a deploy records it to run exactly that code
 * again later, even after the tag was re-pushed and the image removed from the engine.
 */
public final class ImageDigests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageDigests() {
    }

    /**
     * The digest reference of a local image, preferring the repository of {@code reference} (the image as it was
     * given, e.g. {@code registry:5000/acme/odoo:17.0}); empty when the image has none (never pushed nor pulled).
     *
     * @param image the image to look at: its id ({@code sha256:…}) or any reference the engine knows
     */
    public static Optional<String> repoDigest(DockerCli docker, String image, String reference) {
        ProcessResult r = docker.call(List.of("image", "inspect", "--format", "{{json .RepoDigests}}", image), false);
        if (!r.ok()) {
            if (DockerFailures.message(r).toLowerCase(Locale.ROOT).contains("no such image")) {
                return Optional.empty();
            }
            throw docker.failure("inspect", "image " + image, r, null);
        }
        List<String> digests = new ArrayList<>();
        try {
            JsonNode list = JSON.readTree(r.stdout().strip());
            list.forEach(d -> digests.add(d.asText()));
        } catch (IOException e) {
            return Optional.empty();
        }
        return choose(digests, reference);
    }

    /** The digest of {@code reference}'s repository among {@code digests}, else the first; empty when none. */
    static Optional<String> choose(List<String> digests, String reference) {
        String repository = reference == null ? null : repository(reference);
        for (String d : digests) {
            if (repository != null && repository(d).equals(repository)) {
                return Optional.of(d);
            }
        }
        return digests.stream().filter(d -> d.contains("@sha256:")).findFirst();
    }

    /** {@code registry:5000/acme/odoo} of {@code registry:5000/acme/odoo:17.0} or {@code …/odoo@sha256:…}. */
    public static String repository(String reference) {
        String r = reference;
        int at = r.indexOf('@');
        if (at >= 0) {
            r = r.substring(0, at);
        }
        int slash = r.lastIndexOf('/');
        int colon = r.lastIndexOf(':');
        if (colon > slash) {
            r = r.substring(0, colon);
        }
        return r;
    }

    /** Whether a reference names an image by its registry digest ({@code repository@sha256:…}). */
    public static boolean isDigestReference(String reference) {
        return reference != null && reference.matches(".+@sha256:[0-9a-f]{64}");
    }
}
