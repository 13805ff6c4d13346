package dev.odoorelease.engine.internal.staging.neutralize;

import static dev.odoorelease.engine.internal.db.DbNames.quoteIdentifier;

import dev.odoorelease.engine.result.NeutralizationReport.MailServer;
import dev.odoorelease.engine.result.NeutralizationReport.ParameterChange;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What in an Odoo database can reach the outside world, read before and after the neutralization and
 * compared for its report: the configuration parameters, the active scheduled actions and the active
 * outgoing and incoming mail servers. Names and hosts are redacted as they are read.
 *
 * @param parameters       key → value of every {@code ir_config_parameter}
 * @param crons            active scheduled actions: id → name; the autovacuum is named "(autovacuum)"
 * @param mailServers      active outgoing mail servers by id
 * @param fetchmailServers active incoming mail servers by id
 */
record OutboundState(Map<String, String> parameters, Map<Long, String> crons, Map<Long, MailServer> mailServers,
                     Map<Long, MailServer> fetchmailServers) {

    static OutboundState read(CopyDatabase copy, NeutralizationLog log) throws SQLException {
        return new OutboundState(parameters(copy), activeCrons(copy), activeMailServers(copy, log), activeFetchmailServers(copy, log));
    }

    static Map<String, String> parameters(CopyDatabase copy) throws SQLException {
        Map<String, String> m = new TreeMap<>();
        try (Statement s = copy.connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT key, value FROM ir_config_parameter")) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getString(2));
            }
        }
        return m;
    }

    /** Active scheduled actions: id → name; the autovacuum is named "(autovacuum)". */
    static Map<Long, String> activeCrons(CopyDatabase copy) throws SQLException {
        Map<Long, String> m = new LinkedHashMap<>();
        Catalog catalog = copy.catalog();
        if (!catalog.hasColumn("ir_cron", "active")) {
            return m;
        }
        String name = catalog.hasColumn("ir_cron", "cron_name") ? "c.cron_name::text" : "NULL::text";
        String autovacuum = catalog.hasTable("ir_model_data")
                ? "c.id IN (SELECT res_id FROM ir_model_data WHERE model = 'ir.cron' AND name = 'autovacuum_job' AND module = 'base')"
                : "false";
        try (Statement s = copy.connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT c.id, " + name + ", " + autovacuum + " FROM ir_cron c WHERE c.active ORDER BY c.id")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                m.put(id, rs.getBoolean(3) ? "(autovacuum)" : Neutralizer.displayName(rs.getString(2), "ir_cron #" + id));
            }
        }
        return m;
    }

    static Map<Long, MailServer> activeMailServers(CopyDatabase copy, NeutralizationLog log) throws SQLException {
        return activeServers(copy, log, "ir_mail_server", "smtp_host", "smtp_port");
    }

    static Map<Long, MailServer> activeFetchmailServers(CopyDatabase copy, NeutralizationLog log) throws SQLException {
        return activeServers(copy, log, "fetchmail_server", "server", "port");
    }

    private static Map<Long, MailServer> activeServers(CopyDatabase copy, NeutralizationLog log, String table, String hostColumn,
                                                       String portColumn) throws SQLException {
        Map<Long, MailServer> m = new LinkedHashMap<>();
        Catalog catalog = copy.catalog();
        if (!catalog.hasColumn(table, "active")) {
            return m;
        }
        String name = catalog.hasColumn(table, "name") ? "name::text" : "NULL::text";
        String host = catalog.hasColumn(table, hostColumn) ? quoteIdentifier(hostColumn) + "::text" : "NULL::text";
        String port = catalog.hasColumn(table, portColumn) ? quoteIdentifier(portColumn) + "::integer" : "NULL::integer";
        try (Statement s = copy.connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, " + name + ", " + host + ", " + port + " FROM " + table
                     + " WHERE active ORDER BY id")) {
            while (rs.next()) {
                int p = rs.getInt(4);
                Integer portValue = rs.wasNull() ? null : p;
                long id = rs.getLong(1);
                m.put(id, new MailServer(log.redactor().redact(Neutralizer.displayName(rs.getString(2), table + " #" + id)),
                        log.redactor().redact(rs.getString(3)), portValue));
            }
        }
        return m;
    }

    /** The scheduled actions active before and not any more. */
    List<String> cronsDisabledBy(OutboundState after, NeutralizationLog log) {
        List<String> out = new ArrayList<>();
        crons.forEach((id, name) -> {
            if (!after.crons.containsKey(id)) {
                out.add(log.redactor().redact(name));
            }
        });
        return out;
    }

    static List<MailServer> disabled(Map<Long, MailServer> before, Map<Long, MailServer> after) {
        List<MailServer> out = new ArrayList<>();
        before.forEach((id, server) -> {
            if (!after.containsKey(id)) {
                out.add(server);
            }
        });
        return out;
    }

    /** The parameters added, changed or removed since this state; secrets only say what happened to them. */
    List<ParameterChange> parameterChanges(OutboundState after, NeutralizationLog log) {
        List<ParameterChange> out = new ArrayList<>();
        Set<String> keys = new TreeSet<>(parameters.keySet());
        keys.addAll(after.parameters.keySet());
        for (String key : keys) {
            boolean had = parameters.containsKey(key);
            boolean has = after.parameters.containsKey(key);
            String o = parameters.get(key);
            String n = after.parameters.get(key);
            if (had && has && Objects.equals(o, n)) {
                continue;
            }
            String change = !had ? "added" : !has ? "removed" : "changed";
            if (Neutralizer.isSecretKey(key)) {
                String now = !has ? "(removed)" : !had ? "(set)" : key.equals("database.secret") ? "(regenerated)"
                        : n == null || n.isEmpty() ? "(blanked)" : "(changed)";
                out.add(new ParameterChange(key, change, true, had ? "(secret)" : null, now));
            } else {
                out.add(new ParameterChange(key, change, false, log.redactor().redact(o), log.redactor().redact(n)));
            }
        }
        return out;
    }
}
