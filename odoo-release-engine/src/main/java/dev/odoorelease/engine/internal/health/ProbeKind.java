package dev.odoorelease.engine.internal.health;

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
    LOGIN_ATTEMPT("A login through Odoo's login form did not answer as a healthy Odoo does, so users cannot log in."
            + " For a server error (500) look for the traceback in the container log; UndefinedColumn means the image's code is ahead of the database schema (a module"
            + " whose new fields were not created): deploy with the module update (update: all, or the changed"
            + " modules) instead of update: none, or go back to the previous image"),
    LOGIN_COOLDOWN("The login probe was inconclusive: Odoo refuses logins from this address after"
            + " base.login_cooldown_after failed ones for base.login_cooldown_duration seconds. Find what else fails"
            + " logins from this address (a proxy without --proxy-mode makes every user one address), then check"
            + " again"),
    VERSION("Check that the image runs the expected Odoo series"),
    URL("Check that URL in the container logs and in the settings of the check");

    final String advice;

    ProbeKind(String advice) {
        this.advice = advice;
    }
}
