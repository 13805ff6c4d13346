package dev.odoorelease.engine.result;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import dev.odoorelease.engine.internal.health.OdooHealthCheck;

/**
 * What a health check saw.
 *
 * @param url      the checked base URL, with any credentials masked
 * @param database the database whose login page was probed, or {@code null} when Odoo picks its only one
 * @param healthy  whether the last attempt passed every probe (enough times in a row)
 * @param attempts how many attempts were made
 * @param elapsed  time from the first attempt to the end of the last one
 * @param probes   the probes of the last attempt, in order; an attempt stops at its first failing probe
 * @param container when a container was checked and the check failed: its state and last log lines; else
 *                  {@code null}
 */
public record HealthReport(
        String url,
        String database,
        boolean healthy,
        int attempts,
        Duration elapsed,
        List<ProbeResult> probes,
        ContainerDiagnostics container)
        implements Serializable {
    private static final long serialVersionUID = 2L;

    public HealthReport {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(elapsed, "elapsed");
        probes = List.copyOf(probes);
    }

    /** A report without container diagnostics (an HTTP-only check, or a healthy one). */
    public HealthReport(
            String url, String database, boolean healthy, int attempts, Duration elapsed, List<ProbeResult> probes) {
        this(url, database, healthy, attempts, elapsed, probes, null);
    }

    /** The first failing probe of the last attempt, if any. */
    public Optional<ProbeResult> firstFailure() {
        return probes.stream().filter(p -> !p.passed()).findFirst();
    }

    /** {@code "database prod"}, or a note that Odoo chooses the database. */
    public String databaseLabel() {
        return databaseLabel(database);
    }

    public static String databaseLabel(String database) {
        return database == null ? "the only database Odoo serves" : "database " + database;
    }

    /** One line for logs: {@code "http://odoo:8069/ is healthy (database prod): 3 attempts in 4.2 s"}. */
    public String summary() {
        String verdict = healthy ? " is healthy (" : " is not healthy (";
        String tail = firstFailure().map(p -> ": " + p.describe()).orElse("");
        return url + verdict + databaseLabel() + "): " + OdooHealthCheck.attemptsText(attempts) + " in "
                + OdooHealthCheck.seconds(elapsed) + tail;
    }
}
