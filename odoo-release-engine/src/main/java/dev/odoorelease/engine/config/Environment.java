package dev.odoorelease.engine.config;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.DbNames;
import dev.odoorelease.engine.config.DbTarget;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Odoo environment's data: its database and its filestore, plus how it is snapshotted.
 * Immutable; build with {@link #builder(String)}. Serializable so the Jenkins plugin can ship it to
 * the agent that does the work. Container and health-check settings are added by the deploy side.
 *
 * <p>The filestore is {@code <dataDir>/filestore/<database>} (Odoo's {@code config.filestore()}),
 * so renaming the database means renaming that folder too.
 */
public final class Environment implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    private final String name;
    private final EnvironmentKind kind;
    private final DbTarget db;
    private final String dataDir;
    private final SnapshotKind snapshotKind;
    private final String snapshotStore;
    private final int keepSnapshots;
    private final int keepFailedCopies;
    private final int maxMissingFiles;
    private final String stateDatabase;
    private final int jobs;

    private Environment(Builder b) {
        this.name = b.name;
        this.kind = Objects.requireNonNull(b.kind, "kind");
        this.db = Objects.requireNonNull(b.db, "database");
        this.dataDir = Objects.requireNonNull(b.dataDir, "dataDir").toString();
        this.snapshotKind = b.snapshotKind;
        this.snapshotStore = b.snapshotStore == null ? null : b.snapshotStore.toString();
        this.keepSnapshots = b.keepSnapshots;
        this.keepFailedCopies = b.keepFailedCopies;
        this.maxMissingFiles = b.maxMissingFiles;
        this.stateDatabase = DbNames.requireValidDatabase(b.stateDatabase != null ? b.stateDatabase : defaultStateDatabase(b.db.user()));
        this.jobs = b.jobs;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name).kind(kind).database(db).dataDir(Path.of(dataDir)).snapshotKind(snapshotKind)
                .keepSnapshots(keepSnapshots).keepFailedCopies(keepFailedCopies).maxMissingFiles(maxMissingFiles).stateDatabase(stateDatabase).jobs(jobs);
        if (snapshotStore != null) {
            b.snapshotStore(Path.of(snapshotStore));
        }
        return b;
    }

    public String name() {
        return name;
    }

    public EnvironmentKind kind() {
        return kind;
    }

    public boolean isProduction() {
        return kind == EnvironmentKind.PRODUCTION;
    }

    public DbTarget db() {
        return db;
    }

    /** Odoo's data_dir on this machine. */
    public Path dataDir() {
        return Path.of(dataDir);
    }

    /** {@code <dataDir>/filestore/<database>}. */
    public Path filestore() {
        return dataDir().resolve("filestore").resolve(db.database());
    }

    /** Where this tool keeps its own files next to Odoo's (same filesystem, so hard links and renames work). */
    public Path workDir() {
        return dataDir().resolve(".odoo-release");
    }

    public SnapshotKind snapshotKind() {
        return snapshotKind;
    }

    /** Folder for dump snapshots; defaults to {@code <dataDir>/.odoo-release/store}. */
    public Path snapshotStore() {
        return snapshotStore != null ? Path.of(snapshotStore) : workDir().resolve("store");
    }

    /** Newest snapshots kept per kind by retention. */
    public int keepSnapshots() {
        return keepSnapshots;
    }

    /**
     * How many copies of the data a failed deploy or rollback left behind (the half-upgraded database and filestore its
     * rollback replaced, kept for inspection) are kept; older ones are discarded by retention.
     */
    public int keepFailedCopies() {
        return keepFailedCopies;
    }

    /** A copy or restore fails when more attachment files than this are missing. */
    public int maxMissingFiles() {
        return maxMissingFiles;
    }

    /**
     * The default state database of a role: {@code odoo_release_<role>}. One per role, because on
     * PostgreSQL 15+ only a database's owner may create tables in its public schema, and each
     * environment connects as its own Odoo role.
     */
    public static String defaultStateDatabase(String role) {
        String name = "odoo_release_" + role;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** The database on the environment's server that holds this tool's catalog, history and locks. */
    public String stateDatabase() {
        return stateDatabase;
    }

    /** Parallel jobs for dumps, restores and copies. */
    public int jobs() {
        return jobs;
    }

    @Override
    public String toString() {
        return "environment " + name + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ", " + db + ")";
    }

    /** Builder of {@link Environment}. */
    public static final class Builder {
        private final String name;
        private EnvironmentKind kind = EnvironmentKind.DEVELOPMENT;
        private DbTarget db;
        private Path dataDir;
        private SnapshotKind snapshotKind = SnapshotKind.TEMPLATE;
        private Path snapshotStore;
        private int keepSnapshots = 5;
        private int keepFailedCopies = 2;
        private int maxMissingFiles = 0;
        private String stateDatabase;
        private int jobs = Math.max(2, Runtime.getRuntime().availableProcessors());

        private Builder(String name) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to use environment name '" + name
                        + "': use 1 to 40 lower-case letters, digits, '-' or '_', starting with a letter or digit.");
            }
            this.name = name;
        }

        public Builder kind(EnvironmentKind k) {
            this.kind = k;
            return this;
        }

        public Builder database(DbTarget target) {
            this.db = target;
            return this;
        }

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder snapshotKind(SnapshotKind k) {
            this.snapshotKind = k;
            return this;
        }

        public Builder snapshotStore(Path dir) {
            this.snapshotStore = dir;
            return this;
        }

        public Builder keepSnapshots(int n) {
            if (n < 1) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to keep " + n
                        + " snapshots: keep at least 1 (the one a rollback needs).");
            }
            this.keepSnapshots = n;
            return this;
        }

        /** Copies kept of the data failed deploys and rollbacks left (0: discarded at once); default 2. */
        public Builder keepFailedCopies(int n) {
            if (n < 0 || n > 100) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to keep " + n + " copies of failed deploys: give "
                        + "0 (discard them at once) to 100.");
            }
            this.keepFailedCopies = n;
            return this;
        }

        public Builder maxMissingFiles(int n) {
            this.maxMissingFiles = Math.max(0, n);
            return this;
        }

        public Builder stateDatabase(String db) {
            this.stateDatabase = db;
            return this;
        }

        public Builder jobs(int n) {
            this.jobs = Math.max(1, n);
            return this;
        }

        public Environment build() {
            return new Environment(this);
        }
    }
}
