package dev.odoorelease.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of the Docker containers and images a test run creates, carrying the process id of the JVM that made them
 * ({@code orcrash-ortest4242-1-production}), and the sweep of those whose JVM is gone. A killed test run cannot clean up
 * after itself: its production containers, started with the restart policy {@code unless-stopped}, then restarted
 * forever against a PostgreSQL cluster that no longer exists (each restart a Python start-up on a 2-core machine), and
 * its images stayed. Like {@code PgServer}'s orphaned clusters, the next run removes them.
 */
public final class TestNames {
    /** {@code -ortest<pid>-}: the marker of an owned name (specific enough never to match a real container's name). */
    static final Pattern OWNER = Pattern.compile("-ortest(\\d+)-");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static volatile boolean swept;

    private TestNames() {
    }

    /** A prefix for a test's containers: {@code <kind>-ortest<pid>-<n>-}, unique in this JVM and owned by it. */
    public static String prefix(String kind) {
        return kind + "-ortest" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + "-";
    }

    /** The owning JVM's process id in an owned name, or -1. */
    static long owner(String name) {
        Matcher m = OWNER.matcher(name);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Whether a name is owned by a JVM that is no longer running. */
    static boolean orphaned(String name) {
        long pid = owner(name);
        return pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    /** Removes (once per JVM) the containers and images of test runs whose JVM is gone; returns what it removed. */
    public static synchronized List<String> sweepOrphans() {
        if (swept) {
            return List.of();
        }
        swept = true;
        List<String> removed = new ArrayList<>();
        Processes.Result containers = DockerEngine.docker(Duration.ofMinutes(1), "ps", "-a", "--format", "{{.Names}}");
        if (containers.exitCode() == 0) {
            for (String name : containers.stdout().lines().map(String::strip).filter(TestNames::orphaned).toList()) {
                DockerEngine.docker(Duration.ofMinutes(1), "rm", "-f", "-v", name);
                removed.add(name);
            }
        }
        Processes.Result images = DockerEngine.docker(Duration.ofMinutes(1), "images", "--format", "{{.Repository}}:{{.Tag}}");
        if (images.exitCode() == 0) {
            for (String image : images.stdout().lines().map(String::strip).filter(TestNames::orphaned).toList()) {
                DockerEngine.docker(Duration.ofMinutes(1), "rmi", image);
                removed.add(image);
            }
        }
        if (!removed.isEmpty()) {
            System.err.println("testkit: removed what killed test runs left behind: " + String.join(", ", removed));
        }
        return removed;
    }
}
