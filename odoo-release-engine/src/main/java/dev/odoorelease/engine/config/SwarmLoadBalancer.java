package dev.odoorelease.engine.config;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.io.Serializable;

/**
 * The load balancer in front of a swarm environment's instances. {@code managed}: odoo-release runs HAProxy as the service
 * {@code <service>-lb} (an image built locally from Debian's {@code haproxy} package, {@code FROM baseImage}, unless
 * {@code image} names one), publishing {@code port} on its node, health-checking each instance, routing {@code /websocket} and
 * {@code /longpolling} to the gevent port of multi-process instances, and showing a maintenance page (503, {@code Retry-After:
 * retryAfterSeconds}) while a module update runs. Not managed: {@code external} names the user's own load balancer, which
 * odoo-release never touches (it manages only the instances; a module update then leaves the maintenance page to it).
 *
 * @param managed            whether odoo-release runs the load balancer
 * @param external           the user's own load balancer (informational), when not managed
 * @param port               the published port (host mode) of the managed one
 * @param image              an HAProxy image to use as is, or null: built locally
 * @param baseImage          the Debian image the local build starts from
 * @param retryAfterSeconds  the maintenance page's Retry-After
 */
public record SwarmLoadBalancer(boolean managed, String external, int port, String image, String baseImage, int retryAfterSeconds)
        implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String DEFAULT_BASE_IMAGE = "debian:bookworm-slim";

    public SwarmLoadBalancer {
        baseImage = baseImage == null || baseImage.isBlank() ? DEFAULT_BASE_IMAGE : baseImage.strip();
        if (managed) {
            if (external != null) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to configure the load balancer: it is both managed and"
                        + " the external '" + external + "'. Keep managed: true (odoo-release runs HAProxy) or external: NAME (your own).");
            }
            if (port < 1 || port > 65535) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to configure the managed load balancer: port " + port
                        + " is not a TCP port. Give swarm.loadBalancer.port (1-65535), the port users reach Odoo on.");
            }
        } else if (external == null || external.isBlank()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to configure the load balancer: neither managed nor"
                    + " external. Give swarm.loadBalancer.managed: true with a port, or external: NAME for your own.");
        }
        if (retryAfterSeconds < 1 || retryAfterSeconds > 86_400) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to configure the load balancer: retryAfter "
                    + retryAfterSeconds + " s is not between 1 s and a day.");
        }
    }

    public static SwarmLoadBalancer managed(int port) {
        return new SwarmLoadBalancer(true, null, port, null, null, 30);
    }

    public static SwarmLoadBalancer external(String name) {
        return new SwarmLoadBalancer(false, name, 0, null, null, 30);
    }

    public SwarmLoadBalancer withImage(String i) {
        return new SwarmLoadBalancer(managed, external, port, i, baseImage, retryAfterSeconds);
    }

    public SwarmLoadBalancer withBaseImage(String b) {
        return new SwarmLoadBalancer(managed, external, port, image, b, retryAfterSeconds);
    }

    public SwarmLoadBalancer withRetryAfter(int seconds) {
        return new SwarmLoadBalancer(managed, external, port, image, baseImage, seconds);
    }

    /** The managed load balancer's service name for the instances' service. */
    public String serviceName(String service) {
        return service + "-lb";
    }
}
