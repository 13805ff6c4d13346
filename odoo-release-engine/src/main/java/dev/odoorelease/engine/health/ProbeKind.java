package dev.odoorelease.engine.health;

/** The kinds of probe of {@link OdooHealthCheck}, each with the advice given when it is the one that keeps failing. */
enum ProbeKind {
    CONTAINER("Check why the container is not running in its last log lines (docker logs): a module that fails to"
            + " import, wrong database settings, too little memory (OOMKilled), a restart loop"),
    HEALTH("Check that Odoo runs and listens at that URL, and that it reaches its PostgreSQL server"
            + " (docker ps, docker logs, db_host/db_port)"),
    REACHED("Check that the URL of the check leads to this environment's own container and not to another Odoo:"
            + " another environment's url, a reverse proxy or port forwarding that routes elsewhere (compare the url"
            + " with the container's published port: docker port <container>). If Odoo hides its request lines"
            + " (--log-level above info, --log-handler werkzeug:WARNING, --logfile), let werkzeug log at info or point"
            + " the url at the container's own published port"),
    LOGIN("Check the container logs for errors while Odoo loads the registry of the database, and that the"
            + " database exists and --db-filter lets Odoo serve it"),
    LOG_LINES("Check the container logs: Odoo did not finish loading the registry. If Odoo logs to a file (--logfile)"
            + " or above INFO (--log-level), switch requireLogLines off"),
    VERSION("Check that the image runs the expected Odoo series"),
    URL("Check that URL in the container logs and in the settings of the check");

    final String advice;

    ProbeKind(String advice) {
        this.advice = advice;
    }
}
