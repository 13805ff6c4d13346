package dev.odoorelease.engine.internal.env;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.DatabaseIdentity;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.internal.filestore.PathOverlap;
import dev.odoorelease.engine.progress.ProgressListener;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import dev.odoorelease.engine.config.Environment;

/**
 * The guard rail of every operation that replaces or changes an environment's data: the environment shares neither
 * its database nor its filestore with any other configured environment — compared by what they are, never by how
 * they are spelled. Databases by {@link DatabaseIdentity} (server identity plus database name, so {@code localhost},
 * {@code 127.0.0.1}, {@code ::1}, an alias or a forwarding port are one server); filestores by {@link PathOverlap}
 * (real paths and device + inode, so a symbolic link, a symlinked parent or a bind mount is the same folder, and a
 * filestore inside another one overlaps it).
 *
 * <p>The facade runs it when an operation starts, and the commands again under the lock right before the destructive
 * step. A production environment whose server cannot be reached fails the check (it cannot be proven to be another
 * database); any other unreachable environment is skipped with a warning.
 */
public final class SharedDataGuard {
    /** Checks nothing: for commands run on their own, outside a project. */
    public static final SharedDataGuard NONE = new SharedDataGuard(List.of());

    private final List<Environment> others;

    public SharedDataGuard(List<Environment> others) {
        this.others = List.copyOf(others);
    }

    /** The environments {@code target} may share nothing with. */
    public List<Environment> others() {
        return others;
    }

    /** This guard and {@code more} environments. */
    public SharedDataGuard and(List<Environment> more) {
        List<Environment> all = new java.util.ArrayList<>(others);
        more.stream().filter(e -> all.stream().noneMatch(o -> o.name().equals(e.name()))).forEach(all::add);
        return new SharedDataGuard(all);
    }

    /**
     * Refuses, with an error that names both environments and the facts, when {@code target} shares its database or its
     * filestore with another environment. {@code operation} reads like "stage-clone production into staging".
     */
    public void require(Environment target, String operation, ProgressListener progress) {
        List<Environment> compared = others.stream().filter(o -> !o.name().equals(target.name())).toList();
        if (compared.isEmpty()) {
            return;
        }
        DatabaseIdentity mine = DatabaseIdentity.of(target.db());
        for (Environment other : compared) {
            DatabaseIdentity theirs = identify(target, other, operation, progress);
            if (theirs == null) {
                continue;
            }
            if (mine.sameDatabase(theirs)) {
                throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to " + operation + ": the database of "
                        + target.name() + " (" + target.db() + ") is the database of environment " + other.name()
                        + (other.isProduction() ? ", a production environment," : "") + " (" + other.db()
                        + "): both reach " + mine.describe() + ". Two spellings of one server are one server. Give "
                        + target.name() + " a database of its own; nothing was changed.");
            }
        }
        for (Environment other : compared) {
            Optional<String> overlap;
            try {
                overlap = PathOverlap.between(target.filestore(), other.filestore());
            } catch (UncheckedIOException e) {
                throw new OdooReleaseException(ErrorCode.IO, "Unable to " + operation + ": the filestores of " + target.name()
                        + " and " + other.name() + " could not be compared (" + e.getCause().getMessage()
                        + "). Check that both data directories are readable; nothing was changed.", e);
            }
            if (overlap.isPresent()) {
                throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to " + operation + ": the filestore of "
                        + target.name() + " and that of environment " + other.name() + " overlap: " + overlap.get()
                        + ". Changing " + target.name() + "'s files would change " + other.name() + "'s. Give " + target.name()
                        + " a data directory of its own (not a link to, nor inside, another environment's); nothing was changed.");
            }
        }
    }

    /**
     * The identity of {@code other}'s database, read at {@code other}'s address with {@code target}'s credentials (a
     * build may hold only the credentials of the environment it changes; the same server accepts the same role and
     * password whatever its address), else with {@code other}'s own. Null when {@code other}'s server refuses both: a
     * server that refuses the credentials {@code target}'s server accepts is not that server. An unreachable production
     * server fails the check; an unreachable other one is skipped with a warning.
     */
    private static DatabaseIdentity identify(Environment target, Environment other, String operation, ProgressListener progress) {
        DbTarget withMine = new DbTarget(other.db().host(), other.db().port(), other.db().database(), target.db().user(),
                target.db().password());
        OdooReleaseException failure;
        try {
            return DatabaseIdentity.of(withMine);
        } catch (OdooReleaseException e) {
            failure = e;
        }
        if (refusedCredentials(failure) && other.db().password() != null) {
            try {
                return DatabaseIdentity.of(other.db());
            } catch (OdooReleaseException e) {
                failure = e;
            }
        }
        if (refusedCredentials(failure)) {
            return null;
        }
        if (other.isProduction()) {
            throw DatabaseIdentity.unidentified(operation, other.name(), other.db(), failure);
        }
        progress.warn("Could not identify the database server of " + other.name() + " (" + failure.getMessage()
                + "); it is not a production environment, so " + operation + " goes on.");
        return null;
    }

    private static boolean refusedCredentials(OdooReleaseException e) {
        return e.getCause() instanceof java.sql.SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("28");
    }
}
