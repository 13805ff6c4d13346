package dev.odoorelease.engine.config;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which Docker engine the CLI talks to, when it is not the one the machine's environment points at.
 * Given to the {@code docker} program as its environment, so it wins over whatever the agent inherited:
 * {@code DOCKER_HOST} (and no {@code DOCKER_CONTEXT}), {@code DOCKER_CERT_PATH}, {@code DOCKER_TLS_VERIFY}.
 *
 * @param host      {@code unix:///var/run/docker.sock}, {@code tcp://build-host:2376}, {@code ssh://user@host}
 * @param certPath  folder with {@code ca.pem}, {@code cert.pem}, {@code key.pem} for TLS, or {@code null}
 * @param tlsVerify verify the engine's certificate against {@code ca.pem} (Docker's {@code --tlsverify});
 *                  with a {@code certPath} but without verification the connection still uses TLS
 */
public record DockerEndpoint(String host, String certPath, boolean tlsVerify) implements Serializable {
    private static final long serialVersionUID = 1L;

    public DockerEndpoint {
        if (host == null || host.isBlank()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to use a Docker endpoint without a host."
                    + " Give DOCKER_HOST's value, e.g. tcp://build-host:2376 or unix:///var/run/docker.sock.");
        }
        host = host.strip();
        if (!host.matches("(?i)(unix|tcp|ssh|npipe|fd)://.*")) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to use the Docker endpoint " + host
                    + ": it must start with unix://, tcp:// or ssh://. Give DOCKER_HOST's value, e.g. tcp://build-host:2376.");
        }
        certPath = certPath == null || certPath.isBlank() ? null : certPath.strip();
        if (tlsVerify && certPath == null) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to verify the TLS certificate of the Docker"
                    + " engine at " + host + " without a certificate folder. Give the folder with ca.pem, cert.pem and"
                    + " key.pem (DOCKER_CERT_PATH).");
        }
    }

    /** An engine reached without TLS (a local socket, or tcp on a trusted network). */
    public static DockerEndpoint of(String host) {
        return new DockerEndpoint(host, null, false);
    }

    /** An engine reached with TLS, verifying its certificate (Docker's {@code --tlsverify}). */
    public static DockerEndpoint tls(String host, Path certPath) {
        return new DockerEndpoint(host, certPath == null ? null : certPath.toString(), true);
    }

    /** Whether the connection uses TLS. */
    public boolean usesTls() {
        return certPath != null;
    }

    /**
     * The environment of the {@code docker} program. Empty values switch off what the agent may have inherited: the
     * CLI treats any non-empty {@code DOCKER_TLS_VERIFY} as "verify", and {@code DOCKER_CONTEXT} would pick another
     * engine's settings.
     */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DOCKER_HOST", host);
        env.put("DOCKER_CONTEXT", "");
        env.put("DOCKER_CERT_PATH", certPath == null ? "" : certPath);
        env.put("DOCKER_TLS_VERIFY", tlsVerify ? "1" : "");
        return env;
    }

    /** Global options before the command: TLS without verification needs {@code --tls}. */
    public List<String> globalOptions() {
        return certPath != null && !tlsVerify ? List.of("--tls") : List.of();
    }

    @Override
    public String toString() {
        return host + (certPath == null ? "" : tlsVerify ? " (TLS, verified)" : " (TLS, not verified)");
    }
}
