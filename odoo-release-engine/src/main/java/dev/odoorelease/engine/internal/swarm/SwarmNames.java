package dev.odoorelease.engine.internal.swarm;

/** The labels odoo-release puts on what it creates in a swarm (services, their containers, secrets, configs, networks). */
final class SwarmNames {
    /** The environment a swarm object belongs to (the same label as a single container's). */
    static final String LABEL_ENV = "dev.odoorelease.environment";
    /** The operation that last changed an Odoo service's instances (on the service and on each container). */
    static final String LABEL_OP = "dev.odoorelease.operation";
    /** The load balancer service a config belongs to. */
    static final String LABEL_LB = "dev.odoorelease.lb";
    /** The Odoo service a configuration secret belongs to. */
    static final String LABEL_SERVICE = "dev.odoorelease.swarm-service";
    /** The journal's operation name of a swarm deploy. */
    static final String DEPLOY = "swarm-deploy";

    private SwarmNames() {
    }
}
