package dev.odoorelease.engine.internal.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.process.ProcessResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The swarm side of a Docker engine (a manager node): services (create, update, scale, inspect, remove, their tasks), overlay
 * networks, secrets and configs, and {@code docker exec} into a task's container on this node. Every call goes through the
 * client's one runner (timeouts, redaction, the engine of the environment); services are always created and updated with
 * {@code --detach} and {@code --no-resolve-image} (images come from the engine, never re-resolved in a registry).
 */
public final class SwarmServices {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DockerCli docker;

    SwarmServices(DockerCli docker) {
        this.docker = docker;
    }

    /** Whether this engine is an active swarm manager; the error that says how to make it one otherwise. */
    public String requireManager(String what) {
        ProcessResult r = docker.call(List.of("info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.NodeID}}"), false);
        if (!r.ok()) {
            throw docker.failure("read the swarm state of", "the Docker engine", r, null);
        }
        String[] f = r.stdout().strip().split(" ");
        if (f.length < 3 || !f[0].equals("active") || !f[1].equals("true")) {
            throw new OdooReleaseException(ErrorCode.PREREQUISITE, "Unable to " + what + ": the Docker engine"
                    + (docker.endpoint() == null ? "" : " at " + docker.endpoint().host()) + " is not a swarm manager (state "
                    + (f.length > 0 ? f[0] : "unknown") + "). Run docker swarm init on it (or point the environment's docker.host at a"
                    + " manager node).");
        }
        return f[2];
    }

    /** The service as {@code docker service inspect} shows it, or empty when there is none. */
    public Optional<JsonNode> inspect(String service) {
        ProcessResult r = docker.call(List.of("service", "inspect", "--format", "{{json .}}", service), false);
        if (!r.ok()) {
            if (r.stderr().toLowerCase(java.util.Locale.ROOT).contains("no such service")) {
                return Optional.empty();
            }
            throw docker.failure("inspect", "the service " + service, r, null);
        }
        return Optional.of(json(r.stdout(), "service " + service));
    }

    /** {@code docker service create --detach --no-resolve-image ARGS}; returns the service id. */
    public String create(String service, List<String> args) {
        List<String> a = new ArrayList<>(List.of("service", "create", "--detach", "--no-resolve-image", "--name", service));
        a.addAll(args);
        ProcessResult r = docker.call(a, false);
        if (!r.ok()) {
            throw docker.failure("create", "the service " + service, r, null);
        }
        return r.stdout().strip();
    }

    /** {@code docker service update --detach --no-resolve-image ARGS SERVICE} (the update goes on in the swarm). */
    public void update(String service, List<String> args) {
        List<String> a = new ArrayList<>(List.of("service", "update", "--detach", "--no-resolve-image"));
        a.addAll(args);
        a.add(service);
        ProcessResult r = docker.call(a, false);
        if (!r.ok()) {
            throw docker.failure("update", "the service " + service, r, null);
        }
    }

    /** {@code docker service rollback --detach SERVICE}: back to the service's previous specification. */
    public void rollback(String service) {
        ProcessResult r = docker.call(List.of("service", "rollback", "--detach", service), false);
        if (!r.ok()) {
            throw docker.failure("roll back", "the service " + service, r, null);
        }
    }

    public void remove(String service) {
        ProcessResult r = docker.call(List.of("service", "rm", service), false);
        if (!r.ok() && !r.stderr().toLowerCase(java.util.Locale.ROOT).contains("not found")) {
            throw docker.failure("remove", "the service " + service, r, null);
        }
    }

    /** The service's tasks that should run now ({@code desired-state=running}): id, state, container id, error. */
    public List<Task> runningTasks(String service) {
        ProcessResult r = docker.call(List.of("service", "ps", "--no-trunc", "--filter", "desired-state=running", "--format",
                "{{.ID}}\t{{.CurrentState}}\t{{.Error}}", service), false);
        if (!r.ok()) {
            throw docker.failure("list the tasks of", "the service " + service, r, null);
        }
        List<Task> tasks = new ArrayList<>();
        for (String line : r.stdout().strip().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            tasks.add(new Task(f[0], f.length > 1 ? f[1] : "", f.length > 2 ? f[2] : ""));
        }
        return tasks;
    }

    /**
     * How many of the service's tasks have a container that may still run, whatever their desired state: a task being shut
     * down runs until its container stopped ({@code docker service ps}: Running, Starting, Preparing… — not Shutdown,
     * Complete, Failed, Rejected, Orphaned or Remove).
     */
    public long activeTasks(String service) {
        ProcessResult r = docker.call(List.of("service", "ps", "--no-trunc", "--format", "{{.CurrentState}}", service), false);
        if (!r.ok()) {
            throw docker.failure("list the tasks of", "the service " + service, r, null);
        }
        return r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).filter(l -> !(l.startsWith("Shutdown")
                || l.startsWith("Complete") || l.startsWith("Failed") || l.startsWith("Rejected") || l.startsWith("Orphaned")
                || l.startsWith("Remove"))).count();
    }

    /** The errors of the service's tasks that ended with one (newest first, at most 5): "image: error". */
    public List<String> failedTasks(String service) {
        ProcessResult r = docker.call(List.of("service", "ps", "--no-trunc", "--filter", "desired-state=shutdown", "--format",
                "{{.Image}}\t{{.CurrentState}}\t{{.Error}}", service), false);
        if (!r.ok()) {
            return List.of("(could not list the tasks: " + r.stderr().strip() + ")");
        }
        return r.stdout().lines().map(l -> l.split("\t", -1)).filter(f -> f.length > 2 && !f[2].isBlank())
                .map(f -> f[0].replaceFirst("@sha256:.*", "") + ": " + f[2].strip() + " (" + f[1].strip() + ")").limit(5).toList();
    }

    /** The container of a running task of {@code service} on this engine's node, or empty. */
    public Optional<String> localContainer(String service) {
        return localContainer(service, null);
    }

    /** As {@link #localContainer(String)}, only a container that also carries {@code label} ({@code key=value}); null: any. */
    public Optional<String> localContainer(String service, String label) {
        List<String> a = new ArrayList<>(List.of("ps", "-q", "--no-trunc", "--filter", "label=com.docker.swarm.service.name=" + service,
                "--filter", "status=running"));
        if (label != null) {
            a.add("--filter");
            a.add("label=" + label);
        }
        ProcessResult r = docker.call(a, false);
        if (!r.ok()) {
            throw docker.failure("list the containers of", "the service " + service, r, null);
        }
        return r.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).findFirst();
    }

    /** {@code docker exec CONTAINER ARGS} (no stdin); returns what it printed, or throws naming {@code what}. */
    public String exec(String container, String what, List<String> args) {
        List<String> a = new ArrayList<>(List.of("exec", container));
        a.addAll(args);
        ProcessResult r = docker.call(a, false);
        if (!r.ok()) {
            throw docker.failure(what, "in container " + container, r, null);
        }
        return r.stdout();
    }

    /** Creates the overlay network unless it exists (swarm scope); returns whether it created it. */
    public boolean ensureOverlayNetwork(String name, java.util.Map<String, String> labels) {
        ProcessResult r = docker.call(List.of("network", "inspect", "--format", "{{.Driver}} {{.Scope}}", name), false);
        if (r.ok()) {
            if (!r.stdout().strip().equals("overlay swarm")) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to attach the swarm services to the network " + name
                        + ": it is a " + r.stdout().strip() + " network, not an overlay network of the swarm. Name an overlay network"
                        + " (or a new name: odoo-release creates it).");
            }
            return false;
        }
        List<String> a = new ArrayList<>(List.of("network", "create", "--driver", "overlay", "--attachable"));
        labels.forEach((k, v) -> {
            a.add("--label");
            a.add(k + "=" + v);
        });
        a.add(name);
        ProcessResult c = docker.call(a, false);
        if (!c.ok()) {
            throw docker.failure("create", "the overlay network " + name, c, null);
        }
        return true;
    }

    /** Creates a swarm secret ({@code kind} "secret") or config ("config") from a file unless one of that name exists. */
    public void createObject(String kind, String name, Path file, java.util.Map<String, String> labels) {
        if (objectExists(kind, name)) {
            return;
        }
        List<String> a = new ArrayList<>(List.of(kind, "create"));
        labels.forEach((k, v) -> {
            a.add("--label");
            a.add(k + "=" + v);
        });
        a.add(name);
        a.add(file.toString());
        ProcessResult r = docker.call(a, false);
        if (!r.ok()) {
            throw docker.failure("create", "the swarm " + kind + " " + name, r, null);
        }
    }

    /** Whether a secret, config or volume of that name exists. */
    public boolean objectExists(String kind, String name) {
        return docker.call(List.of(kind, "inspect", "--format", kind.equals("volume") ? "{{.Name}}" : "{{.ID}}", name), false).ok();
    }

    /** The names of the swarm secrets or configs with this label. */
    public List<String> objectsByLabel(String kind, String label) {
        ProcessResult r = docker.call(List.of(kind, "ls", "--filter", "label=" + label, "--format", "{{.Name}}"), false);
        if (!r.ok()) {
            throw docker.failure("list", "the swarm " + kind + "s", r, null);
        }
        return r.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Removes a secret, config or volume; one still in use by a service or container stays (Docker refuses), returned as false. */
    public boolean removeObject(String kind, String name) {
        return docker.call(List.of(kind, "rm", name), false).ok();
    }

    /**
     * {@code docker build --pull=false -q -t TAG --build-arg K=V… -f DIR/Dockerfile DIR} with this client's timeout (give it a
     * long one: the build installs Debian packages); returns the tag.
     */
    public String buildImage(Path context, String tag, java.util.Map<String, String> buildArgs, java.util.Map<String, String> labels) {
        List<String> a = new ArrayList<>(List.of("build", "--pull=false", "-q", "-t", tag));
        buildArgs.forEach((k, v) -> {
            a.add("--build-arg");
            a.add(k + "=" + v);
        });
        labels.forEach((k, v) -> {
            a.add("--label");
            a.add(k + "=" + v);
        });
        a.add(context.toString());
        ProcessResult r = docker.call(a, false);
        if (!r.ok()) {
            throw docker.failure("build", "the image " + tag, r, null);
        }
        return tag;
    }

    private static JsonNode json(String s, String what) {
        try {
            JsonNode n = JSON.readTree(s);
            return n;
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to read docker's description of " + what + ": "
                    + e.getMessage() + ". Check the Docker engine's version (20.10 or newer).", e);
        }
    }

    /** One task of a service: id, Docker's current state ("Running 5 seconds ago"), its error. */
    public record Task(String id, String state, String error) {
        public boolean running() {
            return state.startsWith("Running");
        }
    }
}
