package dev.odoorelease.engine.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.testkit.PgBinaries;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * pg_dump and pg_restore are wrapped by scripts that record how they were called: the password must
 * reach them only through a 0600 passfile, never their arguments or environment.
 */
class PgToolsSafetyIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("pgtools");
    static final String PASSWORD = "Very-Secret-7f3a";

    @TempDir
    Path dataDir;
    @TempDir
    Path bin;

    @AfterEach
    void clear() {
        System.clearProperty("odoorelease.pg.bindir");
    }

    private Environment env(String db) throws Exception {
        PgServer pg = PG.server();
        MiniOdoo.create(pg, db, dataDir, 4, EnvironmentKind.PRODUCTION, SnapshotKind.DUMP);
        String role = "role_" + db;
        pg.superExecute("postgres", "CREATE ROLE " + role + " LOGIN CREATEDB PASSWORD '" + PASSWORD + "'");
        pg.superExecute("postgres", "ALTER DATABASE " + db + " OWNER TO " + role);
        try (Connection c = pg.superConnect(db); Statement s = c.createStatement()) {
            s.execute("REASSIGN OWNED BY odoo TO " + role);
        }
        return Environment.builder("secret-env").kind(EnvironmentKind.PRODUCTION)
                .database(new DbTarget(pg.host(), pg.port(), db, "role_" + db, PASSWORD))
                .dataDir(dataDir).snapshotKind(SnapshotKind.DUMP).jobs(2).build();
    }

    private void wrap(String tool, String extra) throws Exception {
        Path real = PgBinaries.binDir().resolve(tool);
        Path log = bin.resolve(tool + ".calls");
        String script = "#!/bin/sh\n"
                + "{ echo \"ARGS: $*\"; env | sort | sed 's/^/ENV: /'; "
                + "  [ -n \"$PGPASSFILE\" ] && echo \"PASSFILE_MODE: $(stat -c %a \"$PGPASSFILE\")\" && echo \"PASSFILE: $PGPASSFILE\"; } >> " + log + "\n"
                + extra
                + "exec " + real + " \"$@\"\n";
        Path f = bin.resolve(tool);
        Files.writeString(f, script);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void passwordsReachPgDumpAndPgRestoreOnlyThroughAPrivatePassfile() throws Exception {
        Environment env = env("safety_db");
        wrap("pg_dump", "");
        wrap("pg_restore", "");
        System.setProperty("odoorelease.pg.bindir", bin.toString());

        String id = new SnapshotCommand(env).call().snapshot().id();
        new RestoreCommand(env).snapshot(id).call();

        for (String tool : new String[] {"pg_dump", "pg_restore"}) {
            String calls = Files.readString(bin.resolve(tool + ".calls"));
            assertThat(calls).as(tool + " was called").contains("ARGS: ");
            assertThat(calls).as(tool + " never sees the password in argv or env").doesNotContain(PASSWORD);
            assertThat(calls).contains("PASSFILE_MODE: 600");
            String passfile = calls.lines().filter(l -> l.startsWith("PASSFILE: ")).findFirst().orElseThrow().substring(10);
            assertThat(Path.of(passfile)).as("passfile deleted after use").doesNotExist();
        }
    }

    @Test
    void aPgDumpVersionMismatchSaysWhatToInstall() throws Exception {
        Environment env = env("mismatch_db");
        Files.writeString(bin.resolve("pg_restore"), "#!/bin/sh\nexit 1\n");
        Files.writeString(bin.resolve("pg_dump"), """
                #!/bin/sh
                case "$1" in --version) echo "pg_dump (PostgreSQL) %d.2"; exit 0;; esac
                echo "pg_dump: error: aborting because of server version mismatch" >&2
                echo "pg_dump: detail: server version: 16.4; pg_dump version: 15.8" >&2
                exit 1
                """.formatted(PgBinaries.majorVersion()));
        for (String t : new String[] {"pg_dump", "pg_restore"}) {
            Files.setPosixFilePermissions(bin.resolve(t), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        System.setProperty("odoorelease.pg.bindir", bin.toString());

        assertThatThrownBy(() -> new SnapshotCommand(env).call())
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("server version mismatch")
                .hasMessageContaining("Install the PostgreSQL client programs of the server's version")
                .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.PREREQUISITE));
        Path store = env.snapshotStore().resolve(env.name());
        // the environment's store folder goes too once nothing is left in it
        if (Files.exists(store)) {
            try (var left = Files.list(store)) {
                assertThat(left.count()).as("the failed snapshot's folder is removed").isZero();
            }
        }
    }
}
