package dev.odoorelease.engine.internal.staging.neutralize;

import dev.odoorelease.engine.internal.db.OdooDatabase;
import dev.odoorelease.engine.progress.ProgressListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The neutralization's own verification ({@link NeutralityCheck}), run on its own against a database that was neutralized
 * earlier: a caller about to start an Odoo process on a copy proves, right before, that the copy is still neutral.
 * Read-only.
 */
public final class NeutralityVerification {
    private NeutralityVerification() {
    }

    /**
     * What is not neutral in the database {@code c} is connected to (flag, URL, scheduled actions, mail servers, payment
     * providers, queue jobs); empty when it is neutral. A scheduled action left active counts as a problem here.
     *
     * @param url the URL the copy was neutralized with (its {@code web.base.url})
     */
    public static List<String> problems(Connection c, String url) throws SQLException {
        try (CopyDatabase copy = new CopyDatabase(c)) {
            copy.readCatalog();
            copy.installed(OdooDatabase.installedModules(c).keySet());
            NeutralizationLog log = new NeutralizationLog(OdooDatabase.currentDatabase(c), ProgressListener.NONE);
            List<String> soft = new ArrayList<>();
            List<String> hard = new ArrayList<>(new NeutralityCheck(copy, log, url, null).problems(soft));
            hard.addAll(soft);
            return hard;
        }
    }
}
