package dev.odoorelease.engine.internal.staging.neutralize;

import dev.odoorelease.engine.result.NeutralizationReport.MailServer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that the copy is neutral: flagged, on its own URL, with no scheduled action but the autovacuum,
 * only Odoo's dummy server (or the mail catcher) for outgoing mail, no incoming mail server, no live
 * payment provider, no website reporting to production's analytics or using its Maps key, and no queue job
 * waiting or running.
 */
final class NeutralityCheck {
    private static final Set<String> ACTIVE_JOB_STATES = Set.of("wait_dependencies", "pending", "enqueued", "started");
    /** Website fields that send visits to, or bill, an outside account (gaps/website.sql clears them). */
    private static final List<String> WEBSITE_KEYS = List.of("google_analytics_key", "plausible_shared_key", "plausible_site",
            "google_maps_api_key");

    private final CopyDatabase copy;
    private final NeutralizationLog log;
    private final String url;
    private final MailCatcher catcher;

    NeutralityCheck(CopyDatabase copy, NeutralizationLog log, String url, MailCatcher catcher) {
        this.copy = copy;
        this.log = log;
        this.url = url;
        this.catcher = catcher;
    }

    /** Problems that must fail the run; {@code soft} gets those project SQL may cause on purpose. */
    List<String> problems(List<String> soft) throws SQLException {
        return problems(soft, soft);
    }

    /**
     * Problems that must fail the run; {@code softCrons} gets the active scheduled actions and {@code soft} the other
     * problems project SQL may cause on purpose (a website's analytics or Maps key).
     */
    List<String> problems(List<String> softCrons, List<String> soft) throws SQLException {
        Catalog catalog = copy.catalog();
        List<String> hard = new ArrayList<>();
        String flag = OutboundState.parameters(copy).get("database.is_neutralized");
        if (!"true".equalsIgnoreCase(flag)) {
            hard.add("database.is_neutralized is " + (flag == null ? "absent" : "'" + flag + "'"));
        }
        String base = OutboundState.parameters(copy).get("web.base.url");
        if (!url.equals(base)) {
            hard.add("web.base.url is " + base + " instead of " + url);
        }
        Map<Long, String> crons = OutboundState.activeCrons(copy);
        crons.values().removeIf(n -> n.equals("(autovacuum)"));
        if (!crons.isEmpty()) {
            softCrons.add(crons.size() + " scheduled actions are active besides the autovacuum: " + String.join(", ", crons.values()));
        }
        if (catalog.hasColumn("ir_mail_server", "active")) {
            Map<Long, MailServer> active = OutboundState.activeMailServers(copy, log);
            String host = catcher != null ? catcher.host() : Neutralizer.DUMMY_SERVER_HOST;
            int port = catcher != null ? catcher.port() : Neutralizer.DUMMY_SERVER_PORT;
            boolean ok = active.size() == 1 && active.values().stream().allMatch(m -> host.equals(m.host())
                    && (m.port() == null || m.port() == port));
            if (!ok) {
                hard.add("the active outgoing mail servers are " + active.values() + " instead of only " + host + ":" + port);
            }
        }
        if (catalog.hasColumn("fetchmail_server", "active")) {
            Map<Long, MailServer> active = OutboundState.activeFetchmailServers(copy, log);
            if (!active.isEmpty()) {
                hard.add("incoming mail servers are active: " + active.values());
            }
        }
        if (copy.installed().contains("payment") && catalog.hasColumn("payment_provider", "state")) {
            long n = copy.count("SELECT count(*) FROM payment_provider WHERE state = 'enabled'");
            if (n > 0) {
                hard.add(n + " payment providers are enabled (not in test mode)");
            }
        }
        List<String> keys = WEBSITE_KEYS.stream().filter(k -> catalog.hasColumn("website", k)).toList();
        if (!keys.isEmpty()) {
            long n = copy.count("SELECT count(*) FROM website WHERE " + String.join(" IS NOT NULL OR ", keys) + " IS NOT NULL");
            if (n > 0) {
                // soft: project SQL may give staging its own analytics on purpose (a warning then)
                soft.add(n + " websites keep an analytics or Maps key (" + String.join(", ", keys) + ")");
            }
        }
        if (catalog.hasColumn("queue_job", "state")) {
            long n = copy.count("SELECT count(*) FROM queue_job WHERE state IN ('" + String.join("', '", new TreeSet<>(ACTIVE_JOB_STATES)) + "')");
            if (n > 0) {
                hard.add(n + " queue jobs are waiting or running");
            }
        }
        return hard;
    }
}
