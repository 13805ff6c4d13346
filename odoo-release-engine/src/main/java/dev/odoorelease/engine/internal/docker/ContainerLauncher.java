package dev.odoorelease.engine.internal.docker;

import static dev.odoorelease.engine.internal.docker.DockerRunner.seconds;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.Redactor;
import dev.odoorelease.engine.internal.process.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code docker run -d --pull never …} for {@link Containers}: the environment through a 0600 {@code --env-file}
 * (never {@code -e K=V}), the new container's id through a {@code --cidfile}, so that a run that fails, times out or is
 * interrupted after Docker created the container removes it again.
 */
final class ContainerLauncher {
    private final DockerRunner docker;

    ContainerLauncher(DockerRunner docker) {
        this.docker = docker;
    }

    /** docker run -d; removes what it created when it fails. Returns the container's id. */
    String start(ContainerSpec spec, boolean withRestartPolicy) {
        Redactor redactor = docker.learn(spec);
        Path cidDir = tempDir();
        Path cidFile = cidDir.resolve("cid");
        try (EnvFile envFile = spec.env().isEmpty() ? null : EnvFile.write(spec.env())) {
            List<String> args = runArgs(spec, withRestartPolicy, envFile == null ? null : envFile.path(), cidFile);
            ProcessResult r;
            try {
                r = docker.execute(args, docker.timeout, redactor, Map.of(), true);
            } catch (OdooReleaseException e) {
                removeCreated(cidFile, spec);
                if (e.errorCode() == ErrorCode.PROCESS_FAILED) {
                    throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to run container "
                            + spec.describe() + ": docker did not finish within " + seconds(docker.timeout)
                            + " and was killed; what it had created was removed. Check the engine's load (docker"
                            + " info) or raise the timeout.", e);
                }
                throw e;
            }
            if (!r.ok()) {
                removeCreated(cidFile, spec);
                throw docker.failure("run", "container " + spec.describe(), r, spec.image(), redactor);
            }
            List<String> out = r.stdout().strip().lines().toList();
            String id = out.isEmpty() ? "" : out.get(out.size() - 1).strip();
            if (!id.matches("[0-9a-f]{12,64}")) {
                id = readCid(cidFile).orElseThrow(() -> new OdooReleaseException(ErrorCode.PROCESS_FAILED,
                        "Unable to run container " + spec.describe() + ": docker printed no container id ("
                                + r.stdout().strip() + "). Check the docker program's version."));
            }
            return id;
        } finally {
            deleteQuietly(cidFile);
            deleteQuietly(cidDir);
        }
    }

    /** The argv after "docker": {@code run -d --pull never …} */
    static List<String> runArgs(ContainerSpec spec, boolean withRestartPolicy, Path envFile, Path cidFile) {
        List<String> a = new ArrayList<>(List.of("run", "-d", "--pull", "never"));
        if (spec.name() != null) {
            a.addAll(List.of("--name", spec.name()));
        }
        if (cidFile != null) {
            a.addAll(List.of("--cidfile", cidFile.toString()));
        }
        if (envFile != null) {
            a.addAll(List.of("--env-file", envFile.toString()));
        }
        spec.ports().forEach(p -> a.addAll(List.of("-p", p)));
        spec.volumes().forEach(v -> a.addAll(List.of("-v", v)));
        if (spec.network() != null) {
            a.addAll(List.of("--network", spec.network()));
        }
        spec.labels().forEach((k, v) -> a.addAll(List.of("--label", k + "=" + v)));
        if (withRestartPolicy && spec.restartPolicy() != null) {
            a.addAll(List.of("--restart", spec.restartPolicy()));
        }
        if (spec.user() != null) {
            a.addAll(List.of("--user", spec.user()));
        }
        if (spec.init()) {
            a.add("--init");
        }
        if (spec.stopTimeout() != null) {
            a.addAll(List.of("--stop-timeout", Long.toString((spec.stopTimeout().toMillis() + 999) / 1000)));
        }
        a.addAll(spec.extraArgs());
        a.add(spec.image());
        a.addAll(spec.command());
        return a;
    }

    /** Removes the container a failed or killed {@code docker run} had created (known from its cidfile). */
    private void removeCreated(Path cidFile, ContainerSpec spec) {
        DockerRunner.withoutInterrupt(() -> {
            Optional<String> cid = readCid(cidFile);
            if (cid.isEmpty()) {
                return;
            }
            ProcessResult rm = docker.tryExecute(List.of("rm", "-f", "-v", cid.get()), docker.timeout, docker.redactor());
            if (rm == null || (!rm.ok() && !DockerFailures.isNoSuchContainer(rm))) {
                docker.progress.warn("Unable to remove the container " + spec.describe() + " that a failed docker run"
                        + " left behind" + (rm == null ? "" : ": " + DockerFailures.message(rm))
                        + ". Remove it with docker rm -f " + cid.get() + ".");
            }
        });
    }

    private static Optional<String> readCid(Path cidFile) {
        try {
            String id = Files.exists(cidFile) ? Files.readString(cidFile).strip() : "";
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("odoo-release-run-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to create a temporary folder for docker run: "
                    + e.getMessage() + ". Check the temporary folder (java.io.tmpdir) is writable.", e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // temporary, empty or holding only a container id
        }
    }
}
