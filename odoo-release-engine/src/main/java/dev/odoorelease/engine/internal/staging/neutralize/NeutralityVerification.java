package dev.odoorelease.engine.internal.staging.neutralize;

import dev.odoorelease.engine.config.StagingPolicy;
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
     * providers, queue jobs, website keys), for a copy neutralized with the built-in rules only; empty when it is neutral.
     * Any scheduled action left active but the autovacuum counts as a problem here.
     *
     * @param url the URL the copy was neutralized with (its {@code web.base.url})
     */
    public static List<String> problems(Connection c, String url) throws SQLException {
        return problems(c, url, null);
    }

    /**
     * The same for a copy neutralized under a staging policy ({@code null}: the built-in rules only): its mail catcher is the
     * one server that may send; the scheduled actions it leaves to the verification of the stage clone (its allowlist,
     * StagingVerifier), which runs next; and with project SQL a website's analytics or Maps key is what the project chose, as
     * for a stage clone. Without a policy, every active scheduled action but the autovacuum and every website key is a problem.
     */
    public static List<String> problems(Connection c, String url, StagingPolicy policy) throws SQLException {
        try (CopyDatabase copy = new CopyDatabase(c)) {
            copy.readCatalog();
            copy.installed(OdooDatabase.installedModules(c).keySet());
            NeutralizationLog log = new NeutralizationLog(OdooDatabase.currentDatabase(c), ProgressListener.NONE);
            MailCatcher catcher = policy == null || policy.mailCatcherHost() == null ? null
                    : new MailCatcher(policy.mailCatcherHost(), policy.mailCatcherPort());
            List<String> crons = new ArrayList<>();
            List<String> soft = new ArrayList<>();
            List<String> hard = new ArrayList<>(new NeutralityCheck(copy, log, url, catcher).problems(crons, soft));
            if (policy == null) {
                hard.addAll(crons);
            }
            if (policy == null || policy.neutralizationSql().isEmpty()) {
                hard.addAll(soft);
            }
            return hard;
        }
    }
}
