package dev.odoorelease.engine;

import dev.odoorelease.engine.HealthCheckTimeoutException;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.internal.health.OdooHttpHealthCheck;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Checks an Odoo server by its URL alone, without a project configuration ({@link OdooRelease#checkUrl(String)}):
 * the engine's HTTP probes ({@code /web/health}, the login page, the version), until healthy or the timeout.
 */
public final class CheckUrl {
    /** How long {@link #call()} waits for a healthy answer unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = HealthSettings.DEFAULT_TIMEOUT;

    private final OdooHttpHealthCheck check;

    /** @throws OdooReleaseException {@link ErrorCode#CONFIGURATION} for a URL that is not an http(s) URL */
    CheckUrl(String url) {
        this.check = OdooHttpHealthCheck.forUrl(url);
    }

    /** The database the login page and {@code /web/health} are asked about; null: the server's default. */
    public CheckUrl database(String name) {
        check.database(name);
        return this;
    }

    public CheckUrl timeout(Duration t) {
        check.timeout(t);
        return this;
    }

    /** Where each probe's line goes. */
    public CheckUrl progress(Consumer<String> lines) {
        check.progress(lines);
        return this;
    }

    /** @throws HealthCheckTimeoutException when the server was not healthy within the timeout */
    public HealthReport call() {
        return check.check();
    }
}
