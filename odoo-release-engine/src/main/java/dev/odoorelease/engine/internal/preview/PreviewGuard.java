package dev.odoorelease.engine.internal.preview;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DistinctEndpoints;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.internal.db.DatabaseIdentity;
import dev.odoorelease.engine.internal.db.Pg;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import dev.odoorelease.engine.internal.env.SharedDataGuard;
import dev.odoorelease.engine.progress.ProgressListener;

/**
 * The guard rails of a preview, compared by what things are, not how they are spelled: a preview is no configured
 * environment (not by name; not its database by server identity, not its filestore by real path and inode, not its URL
 * with host names resolved, not its container on the same Docker engine), and above all never production; and it does
 * not connect with production's password, nor as a role that could change production's database (its owner, a member of
 * it, a superuser of its server: previews share no credentials with production). Checked before anything of a preview is created and before each update of it.
 */
final class PreviewGuard {
    private final ReleaseConfig config;

    PreviewGuard(ReleaseConfig config) {
        this.config = config;
    }

    /** The environments a preview may share nothing with: every configured one. */
    SharedDataGuard dataGuard() {
        return new SharedDataGuard(config.environments().stream().map(EnvironmentConfig::environment).toList());
    }

    void require(EnvironmentConfig preview, String operation, ProgressListener progress) {
        for (EnvironmentConfig e : config.environments()) {
            if (e.name().equals(preview.name())) {
                throw refusal(operation, "its name is that of the configured " + kind(e) + " environment " + e.name(),
                        "Change preview.name so that no preview can be named like an environment");
            }
        }
        if (preview.isProduction()) {
            throw refusal(operation, "it would be a production environment", "A preview is always a development environment");
        }
        // URL, container on the same engine and data directory: by resolution, like any operation that starts an Odoo
        try {
            DistinctEndpoints.require(config.project(), preview, config.environments(), true);
        } catch (OdooReleaseException e) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to " + operation + ": " + e.getMessage()
                    .replaceFirst("^Unable to use the configuration of project [^:]*: ", "") + " Nothing was changed.", e);
        }
        // database by server identity, filestore by real path and inode
        dataGuard().require(preview.environment(), operation, progress);
        DatabaseIdentity mine = null;
        for (EnvironmentConfig p : config.environments()) {
            if (!p.isProduction()) {
                continue;
            }
            String pw = p.environment().db().password();
            if (pw != null && !pw.isEmpty() && pw.equals(preview.environment().db().password())) {
                throw refusal(operation, "it would connect with the database password of production environment " + p.name(),
                        "Give the preview's source environment (" + config.preview().map(t -> t.source()).orElse("?")
                        + ") credentials of its own");
            }
            mine = requireNoPowerOverProduction(operation, preview, p, mine);
        }
    }

    /**
     * Refuses when the preview's role could change production {@code p}'s database: on the same server (by identity, read
     * at production's address with the preview's own credentials — the guard needs no production credential, which a
     * build of a feature branch does not have), the role owns that database, is a member of its owner, or is a superuser.
     * Returns the preview server's identity.
     */
    private static DatabaseIdentity requireNoPowerOverProduction(String operation, EnvironmentConfig preview, EnvironmentConfig p,
                                                                 DatabaseIdentity known) {
        DbTarget own = preview.environment().db();
        DbTarget prod = p.environment().db();
        DatabaseIdentity mine = known != null ? known : DatabaseIdentity.of(own);
        DatabaseIdentity theirs;
        try {
            theirs = DatabaseIdentity.of(new DbTarget(prod.host(), prod.port(), prod.database(), own.user(), own.password()));
        } catch (OdooReleaseException e) {
            return mine; // production's server refuses the preview's role, or is another one (an unreachable one failed the data guard)
        }
        if (!mine.sameServer(theirs)) {
            return mine;
        }
        try (Connection c = Pg.connect(own, "postgres");
             PreparedStatement ps = c.prepareStatement("SELECT r.rolsuper, pg_has_role(current_user, d.datdba, 'MEMBER'), "
                     + "pg_get_userbyid(d.datdba) FROM pg_database d, pg_roles r WHERE d.datname = ? AND r.rolname = current_user")) {
            ps.setString(1, prod.database());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && (rs.getBoolean(1) || rs.getBoolean(2))) {
                    throw refusal(operation, "it would connect to " + mine.describe() + " as role " + own.user() + ", which "
                            + (rs.getBoolean(1) ? "is a superuser" : "is (or is a member of) " + rs.getString(3) + ", the owner of")
                            + (rs.getBoolean(1) ? " there, so it could change" : "") + " production environment " + p.name()
                            + "'s database " + prod.database(), "Give the preview's source environment a role of its own, with no "
                            + "power over production (previews share no credentials with production)");
                }
            }
        } catch (SQLException e) {
            throw Pg.sqlError("check the preview's role against production's database", own, e);
        }
        return mine;
    }

    private static String kind(EnvironmentConfig e) {
        return e.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static OdooReleaseException refusal(String operation, String why, String todo) {
        return new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to " + operation + ": " + why + ". " + todo + "; nothing was changed.");
    }
}
