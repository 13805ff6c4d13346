package dev.odoorelease.engine.internal.staging.neutralize;

import static dev.odoorelease.engine.internal.db.Pg.firstLine;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.NeutralizationReport.Action;
import dev.odoorelease.engine.result.NeutralizationReport.MailServer;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An SMTP mail catcher (no TLS, no login) as the copy's only active outgoing mail server: Odoo's dummy
 * server, the one active after the rules, is pointed at it.
 */
record MailCatcher(String host, int port) {
    /** How the report shows it. */
    MailServer asServer() {
        return new MailServer(Neutralizer.CATCHER_SERVER_NAME, host, port);
    }

    void pointActiveServerAtIt(CopyDatabase copy, NeutralizationLog log, RowChanges rowChanges, ProgressListener progress)
            throws SQLException {
        rowChanges.remember("ir_mail_server");
        List<String> sets = new ArrayList<>(List.of("name = ?", "smtp_host = ?", "smtp_port = ?"));
        List<String> columns = new ArrayList<>(List.of("name", "smtp_host", "smtp_port"));
        Map<String, String> fixed = new LinkedHashMap<>();
        fixed.put("smtp_encryption", "'none'");
        fixed.put("smtp_authentication", "'login'");
        fixed.put("smtp_user", "NULL");
        fixed.put("smtp_pass", "NULL");
        fixed.put("from_filter", "NULL");
        fixed.forEach((col, v) -> {
            if (copy.catalog().hasColumn("ir_mail_server", col)) {
                sets.add(col + " = " + v);
                columns.add(col);
            }
        });
        int rows;
        try (PreparedStatement ps = copy.connection.prepareStatement("UPDATE ir_mail_server SET " + String.join(", ", sets)
                + " WHERE active")) {
            ps.setString(1, Neutralizer.CATCHER_SERVER_NAME);
            ps.setString(2, host);
            ps.setInt(3, port);
            rows = ps.executeUpdate();
        } catch (SQLException e) {
            throw log.failure("pointing the mail server at the mail catcher failed: " + firstLine(e.getMessage()), e);
        }
        if (rows != 1) {
            throw new OdooReleaseException(ErrorCode.VERIFICATION, "Unable to neutralize database " + log.database() + " (Odoo "
                    + log.series() + "): " + rows + " active outgoing mail servers after the rules instead of Odoo's one dummy server, "
                    + "so the mail catcher cannot be the only one. Nothing was changed (rolled back).");
        }
        log.action("ir_mail_server", new Action("odoo-release",
                "the dummy server becomes the mail catcher " + host + ":" + port, "UPDATE", columns, rows));
        progress.info("  mail catcher " + host + ":" + port + " is the only active outgoing mail server");
    }
}
