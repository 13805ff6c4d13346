package dev.odoorelease.engine.internal.docker;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.process.ProgramFailures;
import dev.odoorelease.engine.Redactor;
import dev.odoorelease.engine.internal.process.ProcessResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import dev.odoorelease.engine.config.DockerEndpoint;

/**
 * What a docker call that exited non-zero means, read from Docker's message: an engine that does not answer or may
 * not be used ({@link ErrorCode#PREREQUISITE}), a missing image or container ({@link ErrorCode#NOT_FOUND}), a
 * container name in use ({@link ErrorCode#PRECONDITION}), else {@link ErrorCode#PROCESS_FAILED} — each with what to do.
 */
final class DockerFailures {
    private DockerFailures() {
    }

    /**
     * The exception for {@code verb object} (e.g. "stop", "container odoo") that exited non-zero; {@code image} names
     * the image the call used (for the missing-image and registry errors), or null; {@code redactor} masks Docker's
     * message.
     */
    static OdooReleaseException of(DockerEndpoint endpoint, String verb, String object, ProcessResult r, String image,
            Redactor redactor) {
        String err = redactor.redact(message(r));
        String lower = err.toLowerCase(Locale.ROOT);
        String unable = "Unable to " + verb + " " + object + ": ";
        String engine = endpoint != null ? "the Docker engine at " + endpoint.host() : "the Docker engine";
        if (lower.contains("cannot connect to the docker daemon") || lower.contains("error during connect")
                || lower.contains("is the docker daemon running")) {
            return new OdooReleaseException(ErrorCode.PREREQUISITE, unable + engine + " does not answer (" + err
                    + "). Start dockerd (or the docker service) on that machine, or set DOCKER_HOST (the endpoint) to"
                    + " a running engine.");
        }
        if (lower.contains("permission denied") && lower.contains("docker daemon socket")) {
            return new OdooReleaseException(ErrorCode.PREREQUISITE, unable + "this user may not use " + engine + " ("
                    + err + "). Add the user to the docker group or point DOCKER_HOST at an engine it may use.");
        }
        if (lower.contains("unable to resolve docker endpoint") || lower.contains("failed to initialize")) {
            return new OdooReleaseException(ErrorCode.PREREQUISITE, unable + "the docker program cannot set up the"
                    + " connection to " + engine + " (" + err + "). Check DOCKER_HOST and the TLS certificate folder"
                    + " (DOCKER_CERT_PATH: ca.pem, cert.pem, key.pem).");
        }
        if (image != null && (lower.contains("no such image") || lower.contains("manifest unknown")
                || (lower.contains("manifest for") && lower.contains("not found")) || lower.contains("not found: manifest"))) {
            String todo = verb.equals("pull") ? "Check the image name and tag." : "Pull it first (docker pull, or"
                    + " DockerCli.pull) or check the tag: images are never pulled implicitly here (--pull never).";
            return new OdooReleaseException(ErrorCode.NOT_FOUND, unable + "image " + image + " is not "
                    + (verb.equals("pull") ? "in the registry" : "present on " + engine) + " (" + err + "). " + todo);
        }
        if (image != null && verb.equals("pull") && (lower.contains("unauthorized") || lower.contains("access denied")
                || lower.contains("denied:") || lower.contains("authentication required"))) {
            return new OdooReleaseException(ErrorCode.PROCESS_FAILED, unable + "the registry refused access (" + err
                    + "). Check the registry credentials and that they may read " + image + ".");
        }
        if (lower.contains("no such container") || lower.contains("no such object")) {
            return new OdooReleaseException(ErrorCode.NOT_FOUND, unable + "there is no such container (" + err
                    + "). Check the name with docker ps -a.");
        }
        if (lower.contains("conflict") && lower.contains("already in use")) {
            return new OdooReleaseException(ErrorCode.PRECONDITION, unable + "the name is already used by another"
                    + " container (" + err + "). Remove or rename that container first.");
        }
        String todo = switch (verb) {
            case "run" -> "Check the settings of the container (ports, volumes, network, user) and the engine's"
                    + " messages above.";
            case "pull" -> "Check that the engine reaches the registry and the image name.";
            case "remove" -> "Stop it first or remove it with force.";
            default -> "Check the container with docker ps -a and docker logs.";
        };
        if (ProgramFailures.diskFull(err)) {
            return ProgramFailures.of(unable + err, err);
        }
        return new OdooReleaseException(ErrorCode.PROCESS_FAILED, unable + (err.isEmpty() ? "docker exited with "
                + r.exitCode() : err) + (err.endsWith(".") ? " " : ". ") + todo);
    }

    /** Docker's message, on one line: stderr (or stdout), without the CLI's "docker: " prefix and help hint. */
    static String message(ProcessResult r) {
        String text = r.stderr().isBlank() ? r.stdout() : r.stderr();
        List<String> lines = new ArrayList<>();
        for (String line : text.strip().split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("Run '") && l.endsWith("for more information")) {
                continue;
            }
            lines.add(l.startsWith("docker: ") ? l.substring(8) : l);
        }
        String joined = String.join(" ", lines);
        return joined.length() > 2000 ? joined.substring(0, 2000) + "…" : joined;
    }

    static boolean isNoSuchContainer(ProcessResult r) {
        String m = message(r).toLowerCase(Locale.ROOT);
        return m.contains("no such container") || m.contains("no such object");
    }
}
