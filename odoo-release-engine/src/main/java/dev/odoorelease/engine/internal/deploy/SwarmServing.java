package dev.odoorelease.engine.internal.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.config.SwarmRuntime;
import dev.odoorelease.engine.internal.health.OdooHealthCheck;
import dev.odoorelease.engine.internal.swarm.LoadBalancer;
import dev.odoorelease.engine.internal.swarm.OdooService;
import dev.odoorelease.engine.internal.swarm.SwarmUpdate;
import dev.odoorelease.engine.result.HealthReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An environment served by the instances of a swarm service ({@code runtime: swarm}) behind a load balancer: what a module-update
 * deploy and its undo do to it. The maintenance page is the managed load balancer's runtime switch; with the user's own load
 * balancer there is no switch: with every instance stopped it has no server to send a request to, and answers for itself
 * (HAProxy, nginx and the cloud balancers answer 503), which is said in the progress. Stopping the instances is scaling the
 * serving service and the cron service to zero and waiting until no task of theirs runs; starting a version is both services to
 * its image at their number of instances, each instance counted only once it passed its in-container Odoo health check; the
 * final check is the Odoo-aware health check through the load balancer.
 */
final class SwarmServing implements Serving {
    private final DeployContext dc;
    private final SwarmRuntime swarm;
    private final OdooService service;

    SwarmServing(DeployContext dc, SwarmRuntime swarm, Duration monitor) {
        this.dc = dc;
        this.swarm = swarm;
        this.service = new OdooService(swarm, dc.env(), dc.health(), dc.docker(), dc.progress()).monitor(monitor);
    }

    /**
     * The container settings the swarm environment's one-off containers (the module update) are made from: named after the
     * service, on its first overlay network (attachable), with the instances' Odoo options and environment.
     */
    static OdooContainer oneOffSettings(SwarmRuntime swarm) {
        return new OdooContainer(swarm.service(), swarm.networks().get(0), List.of(), swarm.odooArgs(), swarm.env(), List.of(), null,
                swarm.stopGrace());
    }

    OdooService service() {
        return service;
    }

    /** How long one start or stop of the instances may take. */
    Duration timeout() {
        return dc.health().timeout().plusSeconds(60).multipliedBy(swarm.instances() + 1L);
    }

    /** Switches the maintenance page on or off (managed load balancer); with the user's own one, says what users see. */
    void maintenance(boolean on) {
        if (swarm.loadBalancer().managed()) {
            new LoadBalancer(swarm, dc.env().name(), dc.docker(), dc.progress()).maintenance(on);
        } else if (on) {
            dc.progress().info("No maintenance switch on your own load balancer " + swarm.loadBalancer().external() + ": while no"
                    + " instance of " + swarm.service() + " runs it has no server to send requests to and answers them itself (503"
                    + " on HAProxy, nginx and the cloud load balancers)");
        }
    }

    /** Scales the serving and the cron service to zero and waits until none of their tasks runs. */
    void stopAll() {
        for (String s : services()) {
            if (dc.docker().swarm().inspect(s).isPresent()) {
                dc.progress().info("Stopping every instance of " + s + " (scaled to 0)");
                dc.docker().swarm().update(s, List.of("--replicas", "0"));
            }
        }
        for (String s : services()) {
            if (dc.docker().swarm().inspect(s).isPresent()) {
                SwarmUpdate.awaitStopped(dc.docker(), s, timeout(), dc.progress());
            }
        }
    }

    /**
     * Both services on {@code image} at their number of instances (created when missing), and the wait until every instance runs
     * and passed its health check; {@code op} labels them.
     */
    void runAll(String image, String op) {
        String secret = service.configSecret(image);
        for (String s : services()) {
            int replicas = s.equals(swarm.service()) ? swarm.instances() : 1;
            Optional<JsonNode> current = dc.docker().swarm().inspect(s);
            dc.progress().info("Starting " + replicas + " instance(s) of " + s + " on " + image);
            if (current.isPresent()) {
                dc.docker().swarm().update(s, service.rollArgs(current.get(), image, secret, op, replicas));
            } else if (s.equals(swarm.service())) {
                service.create(image, secret, op, swarm.instances());
                break; // creates the cron service too
            } else {
                service.createCron(image, secret, op);
            }
        }
        for (String s : services()) {
            SwarmUpdate.awaitRunning(dc.docker(), s, s.equals(swarm.service()) ? swarm.instances() : 1, timeout(), dc.progress());
        }
    }

    private List<String> services() {
        List<String> l = new ArrayList<>(List.of(swarm.service()));
        if (swarm.cron()) {
            l.add(swarm.cronService());
        }
        return l;
    }

    /** The page on (best effort: an undo goes on without it), then every instance stopped. */
    @Override
    public void removeNew(String opId) {
        try {
            maintenance(true);
        } catch (RuntimeException e) {
            dc.progress().warn("could not switch the maintenance page on: " + e.getMessage());
        }
        stopAll();
    }

    @Override
    public String removal(String operation, String opId) {
        return "stop every instance of " + swarm.service() + (swarm.cron() ? " and " + swarm.cronService() : "") + " (scaled to 0)";
    }

    @Override
    public List<String> removalByHand(String opId) {
        List<String> c = new ArrayList<>();
        services().forEach(s -> c.add("docker service scale " + s + "=0"));
        return c;
    }

    /** Both services back on {@code oldImage}, then the maintenance page off; with nothing deployed before, the services go. */
    @Override
    public String startPrevious(String opId, String oldImage) {
        if (oldImage == null) {
            for (String s : services()) {
                dc.docker().swarm().remove(s);
            }
            maintenance(false);
            return null;
        }
        runAll(oldImage, dc.ctx().operationId());
        maintenance(false);
        return swarm.instances() + " instance(s) of " + swarm.service() + " (" + oldImage + ")";
    }

    @Override
    public HealthReport checkHealth() {
        return OdooHealthCheck.of(dc.health()).progress(dc.progress()).check();
    }
}
