package dev.odoorelease.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The swarm side of the test engine. {@link #requireManager} makes the engine a single-node swarm manager when it is not one
 * ({@code docker swarm init --advertise-addr 127.0.0.1}: plain containers are not disturbed by it; the kernel here has no
 * IPVS, so tests use {@code --endpoint-mode dnsrr} and host-mode ports). Services, networks, secrets and configs a test
 * creates carry {@link TestNames#prefix} names; {@link #sweepOrphans} removes those of test runs whose JVM is gone, and
 * {@link #remove} a test's own. The swarm itself is never left by a test: other runs may use it.
 */
public final class SwarmState {
    private static volatile boolean swept;

    private SwarmState() {
    }

    /** Makes the engine a swarm manager when it is not one yet; returns whether this call initialised the swarm. */
    public static synchronized boolean requireManager() {
        DockerEngine.require();
        Processes.Result info = DockerEngine.docker(Duration.ofMinutes(1), "info", "--format", "{{.Swarm.LocalNodeState}}");
        String state = info.stdout().strip();
        if (state.equals("active")) {
            sweepOrphans();
            return false;
        }
        Processes.Result init = DockerEngine.docker(Duration.ofMinutes(2), "swarm", "init", "--advertise-addr", "127.0.0.1");
        if (init.exitCode() != 0 && !init.combined().contains("already part of a swarm")) {
            throw new IllegalStateException("Unable to make the test engine a swarm manager: " + init.combined());
        }
        return true;
    }

    /** The gateway address of {@code docker_gwbridge}: the host as swarm tasks on overlay networks reach it. */
    public static String gatewayAddress() {
        return DockerEngine.check(Duration.ofMinutes(1), "network", "inspect", "docker_gwbridge", "--format",
                "{{(index .IPAM.Config 0).Gateway}}").strip();
    }

    /** Removes the services, then the secrets, configs and networks whose names start with {@code prefix}. */
    public static List<String> remove(String prefix) {
        return removeMatching(n -> n.startsWith(prefix));
    }

    /** Removes (once per JVM) the swarm objects of test runs whose JVM is gone. */
    public static synchronized List<String> sweepOrphans() {
        if (swept) {
            return List.of();
        }
        swept = true;
        List<String> removed = removeMatching(TestNames::orphaned);
        if (!removed.isEmpty()) {
            System.err.println("testkit: removed the swarm objects killed test runs left behind: " + String.join(", ", removed));
        }
        return removed;
    }

    private static List<String> removeMatching(java.util.function.Predicate<String> owned) {
        List<String> removed = new ArrayList<>();
        // volumes: the load balancer's state, on this node, free once the service's task is gone
        for (String kind : List.of("service", "secret", "config", "network", "volume")) {
            String[] list = kind.equals("network") ? new String[] {"network", "ls", "--filter", "driver=overlay", "--format", "{{.Name}}"}
                    : new String[] {kind, "ls", "--format", "{{.Name}}"};
            Processes.Result r = DockerEngine.docker(Duration.ofMinutes(1), list);
            if (r.exitCode() != 0) {
                continue;
            }
            for (String name : r.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).filter(owned).toList()) {
                // a network stays busy until the services' tasks are gone: a few tries
                for (int i = 0; i < 20; i++) {
                    if (DockerEngine.docker(Duration.ofMinutes(1), kind, "rm", name).exitCode() == 0) {
                        removed.add(kind + " " + name);
                        break;
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return removed;
                    }
                }
            }
        }
        return removed;
    }
}
