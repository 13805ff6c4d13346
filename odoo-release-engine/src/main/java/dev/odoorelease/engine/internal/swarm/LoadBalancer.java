package dev.odoorelease.engine.internal.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.SwarmRuntime;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The managed load balancer of a swarm environment: the HAProxy service {@code <service>-lb} (one instance, pinned to the node
 * odoo-release drives, so that the maintenance switch can reach its runtime API with {@code docker exec}), publishing the
 * configured port in host mode, on the environment's networks, with the files of {@link HaproxyConfig} as swarm configs
 * (content-addressed names: a changed configuration is a new config, swapped in by a service update). {@link #ensure} creates or
 * brings it up to date; {@link #maintenance} switches the maintenance page on or off at runtime, without a restart, and on the
 * service's volume {@link #stateVolume}, so that a restarted load balancer keeps it.
 */
public final class LoadBalancer {
    static final String LABEL_CONFIG = "dev.odoorelease.lb-config";
    private final SwarmRuntime swarm;
    private final String environment;
    private final DockerCli docker;
    private final ProgressListener progress;

    public LoadBalancer(SwarmRuntime swarm, String environment, DockerCli docker, ProgressListener progress) {
        if (!swarm.loadBalancer().managed()) {
            throw new IllegalArgumentException("the load balancer of " + swarm.service() + " is not managed by odoo-release");
        }
        this.swarm = swarm;
        this.environment = environment;
        this.docker = docker;
        this.progress = progress == null ? ProgressListener.NONE : progress;
    }

    /** How long a new or changed load balancer has to serve. */
    static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    public String serviceName() {
        return swarm.loadBalancer().serviceName(swarm.service());
    }

    /** The node-local volume that keeps the maintenance switch across restarts of the load balancer. */
    public String stateVolume() {
        return serviceName() + "-state";
    }

    private String stateMount() {
        return "type=volume,source=" + stateVolume() + ",target=" + HaproxyConfig.STATE_DIR + ",volume-label=" + SwarmNames.LABEL_ENV
                + "=" + environment;
    }

    /** Creates the load balancer's service, or updates it when its configuration or image changed; returns whether it changed. */
    public boolean ensure() {
        String node = docker.swarm().requireManager("run the load balancer of " + environment);
        String image = HaproxyImage.ensure(docker, swarm.loadBalancer(), progress);
        Map<String, byte[]> files = HaproxyConfig.files(swarm, environment);
        String hash = hash(files, image);
        List<String> configArgs = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String name = serviceName() + "-" + f.getKey().replace('.', '-') + "-" + hash;
            createConfig(name, f.getValue());
            configArgs.add("source=" + name + ",target=" + HaproxyConfig.DIR + "/" + f.getKey() + ",mode=0444");
        }
        var existing = docker.swarm().inspect(serviceName());
        if (existing.isPresent() && hash.equals(existing.get().path("Spec").path("Labels").path(LABEL_CONFIG).asText())) {
            return false;
        }
        List<String> a = new ArrayList<>();
        if (existing.isEmpty()) {
            progress.info("Starting the load balancer " + serviceName() + " (" + image + ") on port " + swarm.loadBalancer().port());
            a.addAll(List.of("--replicas", "1", "--constraint", "node.id==" + node, "--publish",
                    "mode=host,published=" + swarm.loadBalancer().port() + ",target=" + HaproxyConfig.PORT,
                    "--update-order", "stop-first", "--stop-grace-period", "5s", "--restart-condition", "any",
                    "--mount", stateMount(),
                    "--label", LABEL_CONFIG + "=" + hash, "--label", SwarmNames.LABEL_ENV + "=" + environment,
                    "--container-label", SwarmNames.LABEL_ENV + "=" + environment, "--container-label", LABEL_CONFIG + "=" + hash));
            for (String n : swarm.networks()) {
                a.add("--network");
                a.add(n);
            }
            configArgs.forEach(c -> {
                a.add("--config");
                a.add(c);
            });
            a.add(image);
            docker.swarm().create(serviceName(), a);
        } else {
            progress.info("Updating the load balancer " + serviceName() + " (configuration " + hash + ")");
            for (JsonNode c : existing.get().path("Spec").path("TaskTemplate").path("ContainerSpec").path("Configs")) {
                a.add("--config-rm");
                a.add(c.path("ConfigName").asText());
            }
            configArgs.forEach(c -> {
                a.add("--config-add");
                a.add(c);
            });
            a.addAll(List.of("--image", image, "--label-add", LABEL_CONFIG + "=" + hash, "--container-label-add",
                    LABEL_CONFIG + "=" + hash));
            boolean hasState = false;
            for (JsonNode m : existing.get().path("Spec").path("TaskTemplate").path("ContainerSpec").path("Mounts")) {
                hasState |= HaproxyConfig.STATE_DIR.equals(m.path("Target").asText());
            }
            if (!hasState) { // a load balancer created before the switch was kept on a volume
                a.add("--mount-add");
                a.add(stateMount());
            }
            docker.swarm().update(serviceName(), a);
        }
        awaitServing(hash, READY_TIMEOUT);
        return true;
    }

    /**
     * Waits until this node runs the load balancer with configuration {@code hash} and its runtime API answers: the service
     * is created and updated detached, and a maintenance switch sent before that reached no container (a first deploy that
     * updates modules failed on it) or the one being replaced (whose switch the new one would not have).
     */
    private void awaitServing(String hash, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no running container yet";
        while (true) {
            Optional<String> c = docker.swarm().localContainer(serviceName(), LABEL_CONFIG + "=" + hash);
            if (c.isPresent()) {
                try {
                    if (runtimeApi(c.get(), "show map " + HaproxyConfig.MAP).contains("maintenance")) {
                        return;
                    }
                    last = "its runtime API does not list the maintenance switch yet";
                } catch (OdooReleaseException e) {
                    last = e.getMessage();
                }
            }
            if (System.nanoTime() >= deadline) {
                throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to start the load balancer " + serviceName() + " of "
                        + environment + " within " + timeout.toSeconds() + " s (" + last + "). Check docker service ps "
                        + serviceName() + " and docker service logs " + serviceName() + ".");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OdooReleaseException(ErrorCode.INTERRUPTED, "Interrupted while waiting for the load balancer " + serviceName()
                        + " of " + environment + " to start.");
            }
        }
    }

    /**
     * Switches the maintenance page on or off: first in the file HAProxy loads at start (on the load balancer's volume, written
     * whole and renamed, so a restart at any moment finds one switch or the other), then at runtime (HAProxy's runtime API, in
     * the running load balancer); checks that it took. A restart of the load balancer between two switches keeps the last one.
     */
    public void maintenance(boolean on) {
        String container = docker.swarm().localContainer(serviceName()).orElseThrow(() -> new OdooReleaseException(
                ErrorCode.PRECONDITION, "Unable to switch the maintenance page of " + environment + " " + (on ? "on" : "off")
                + ": the load balancer " + serviceName() + " has no running container on this node. Check docker service ps "
                + serviceName() + "."));
        String value = on ? "on" : "off";
        String out = docker.swarm().exec(container, "switch the maintenance page " + value, List.of("sh", "-c",
                "echo 'maintenance " + value + "' > " + HaproxyConfig.MAP + ".new && mv " + HaproxyConfig.MAP + ".new "
                        + HaproxyConfig.MAP + " && " + runtimeApiCommand("set map " + HaproxyConfig.MAP + " maintenance " + value
                        + ";show map " + HaproxyConfig.MAP)));
        if (!out.contains("maintenance " + value)) {
            throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to switch the maintenance page of " + environment + " "
                    + value + ": HAProxy's runtime API answered '" + out.strip() + "'. Check the load balancer's logs (docker service logs "
                    + serviceName() + ").");
        }
        progress.info("Maintenance page " + value + " (" + serviceName() + ")");
    }

    /** Whether the maintenance page is on, as the running load balancer says. */
    public boolean maintenanceOn() {
        return docker.swarm().localContainer(serviceName())
                .map(c -> runtimeApi(c, "show map " + HaproxyConfig.MAP).contains("maintenance on")).orElse(false);
    }

    /** Removes the service, its configs and its state volume (tests and tear-down). */
    public void remove() {
        docker.swarm().remove(serviceName());
        for (String c : docker.swarm().objectsByLabel("config", SwarmNames.LABEL_LB + "=" + serviceName())) {
            docker.swarm().removeObject("config", c);
        }
        // the volume is free once the task's container is gone, a moment after the service
        for (int i = 0; i < 40 && docker.swarm().objectExists("volume", stateVolume()); i++) {
            if (docker.swarm().removeObject("volume", stateVolume())) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {@code commands} (HAProxy runtime API commands, {@code ;}-separated) sent to the load balancer in {@code container}. */
    String runtimeApi(String container, String commands) {
        return docker.swarm().exec(container, "talk to HAProxy's runtime API", List.of("sh", "-c", runtimeApiCommand(commands)));
    }

    private static String runtimeApiCommand(String commands) {
        return "echo '" + commands + "' | socat stdio unix-connect:" + HaproxyConfig.SOCKET;
    }

    private void createConfig(String name, byte[] content) {
        if (docker.swarm().objectExists("config", name)) {
            return;
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("odoo-release-lb", ".conf");
            Files.write(tmp, content);
            docker.swarm().createObject("config", name, tmp, Map.of(SwarmNames.LABEL_ENV, environment, SwarmNames.LABEL_LB, serviceName()));
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to write the load balancer's configuration " + name + ": "
                    + e.getMessage() + ". Check the temporary folder.", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temporary file without secrets
                }
            }
        }
    }

    private static String hash(Map<String, byte[]> files, String image) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            files.forEach((k, v) -> {
                md.update(k.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update(v);
            });
            md.update(image.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
