package dev.odoorelease.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local Docker engine, driven through the {@code docker} CLI, for test fixtures. Checks once
 * that an engine answers and says how to get one when it does not.
 */
public final class DockerEngine {
    private static volatile Boolean available;

    private DockerEngine() {
    }

    /** Whether a Docker engine answers {@code docker info}. */
    public static boolean isAvailable() {
        Boolean a = available;
        if (a == null) {
            try {
                a = Processes.run(List.of("docker", "info", "--format", "{{.ServerVersion}}"), Duration.ofSeconds(20)).exitCode() == 0;
            } catch (RuntimeException e) {
                a = false;
            }
            available = a;
        }
        return a;
    }

    /** Fails with what to do when no engine answers. */
    public static void require() {
        if (!isAvailable()) {
            throw new IllegalStateException("No Docker engine answers `docker info`. Run scripts/setup-machine "
                    + "(installs docker.io and starts `dockerd --storage-driver=vfs`), or set DOCKER_HOST.");
        }
        TestNames.sweepOrphans();
    }

    public static Processes.Result docker(Duration timeout, String... args) {
        return docker(timeout, List.of(args));
    }

    public static Processes.Result docker(Duration timeout, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(args);
        return Processes.run(cmd, Map.of("DOCKER_BUILDKIT", "0"), timeout);
    }

    /** Runs docker and fails with its stderr when it exits non-zero. */
    public static String check(Duration timeout, String... args) {
        Processes.Result r = docker(timeout, args);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " failed (" + r.exitCode() + "): " + r.stderr().strip());
        }
        return r.stdout().strip();
    }

    public static boolean imageExists(String image) {
        return docker(Duration.ofSeconds(30), "image", "inspect", image).exitCode() == 0;
    }

    /** Removes containers, ignoring those that do not exist. */
    public static void removeContainers(String... names) {
        for (String n : names) {
            docker(Duration.ofSeconds(60), "rm", "-f", "-v", n);
        }
    }
}
