package dev.odoorelease.engine.internal.staging.neutralize;

import static dev.odoorelease.engine.internal.db.Pg.firstLine;

import dev.odoorelease.engine.result.NeutralizationReport.Action;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Gives the copy an identity of its own: its URL (frozen), a new database UUID and secret (production's
 * signed links and tokens are invalid on it), the neutralized flag; and removes every other configuration
 * parameter that holds a live credential, whatever module stored it.
 */
final class CopyIdentity {
    private final CopyDatabase copy;
    private final NeutralizationLog log;
    private final RowChanges rowChanges;

    CopyIdentity(CopyDatabase copy, NeutralizationLog log, RowChanges rowChanges) {
        this.copy = copy;
        this.log = log;
        this.rowChanges = rowChanges;
    }

    void apply(String url) throws SQLException {
        String secret = UUID.randomUUID().toString();
        log.addSecret(secret);
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("web.base.url", url);
        identity.put("report.url", url);
        identity.put("web.base.url.freeze", "True");
        identity.put("database.uuid", Neutralizer.uuid1());
        identity.put("database.secret", secret);
        identity.put("database.is_neutralized", "true");
        setParameters(identity, "the copy's own URL (frozen: not re-guessed at an administrator's login), a new database "
                + "identity and secret (production's signed links and tokens are invalid here), the neutralized flag");
        // every other parameter that looks like a live credential (an API token, a private key) is removed:
        // production's credentials never reach staging, whatever module stored them
        List<String> credentials = new ArrayList<>();
        for (Map.Entry<String, String> p : OutboundState.parameters(copy).entrySet()) {
            String key = p.getKey();
            String value = p.getValue() == null ? "" : p.getValue().strip();
            // a setting such as auth_signup.reset_password = True is not a credential
            if (Neutralizer.isSecretKey(key) && !identity.containsKey(key) && !value.matches("(?i)|true|false|[0-9.]+")) {
                credentials.add(key);
            }
        }
        if (!credentials.isEmpty()) {
            try (PreparedStatement ps = copy.connection.prepareStatement("DELETE FROM ir_config_parameter WHERE key = ANY(?)")) {
                ps.setArray(1, copy.connection.createArrayOf("text", credentials.toArray()));
                ps.executeUpdate();
            }
            log.action("ir_config_parameter", new Action("odoo-release",
                    String.join(", ", credentials) + ": removed, their names say they are credentials (secret, token, key, "
                    + "password...) and they hold a value; a project that needs one on staging sets a staging value in its "
                    + "neutralization SQL", "DELETE", List.of("key", "value"), credentials.size()));
        }
    }

    private void setParameters(Map<String, String> values, String why) throws SQLException {
        rowChanges.remember("ir_config_parameter");
        try (PreparedStatement ps = copy.connection.prepareStatement("INSERT INTO ir_config_parameter (key, value) VALUES (?, ?) "
                + "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")) {
            for (Map.Entry<String, String> e : values.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setString(2, e.getValue());
                try {
                    ps.executeUpdate();
                } catch (SQLException ex) {
                    throw log.failure("setting configuration parameter " + e.getKey() + " failed: " + firstLine(ex.getMessage()), ex);
                }
            }
        }
        log.action("ir_config_parameter", new Action("odoo-release",
                String.join(", ", values.keySet()) + ": " + why, "UPSERT", List.of("key", "value"), values.size()));
    }
}
