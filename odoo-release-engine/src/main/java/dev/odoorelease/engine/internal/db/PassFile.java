package dev.odoorelease.engine.internal.db;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import dev.odoorelease.engine.config.DbTarget;

/**
 * A temporary {@code .pgpass} file (mode 0600, deleted on close) that gives pg_dump, pg_restore
 * and psql their passwords without putting them on a command line or in the environment.
 * Use its {@link #env()} as the program's environment.
 */
public final class PassFile implements AutoCloseable {
    private final Path file;

    private PassFile(Path file) {
        this.file = file;
    }

    public static PassFile of(DbTarget... targets) {
        try {
            // in this process's private folder: removed by the next run even after a kill -9
            Path f = dev.odoorelease.engine.internal.process.SecretFiles.createFile("odoo-release-", ".pgpass");
            StringBuilder sb = new StringBuilder();
            for (DbTarget t : targets) {
                if (t.password() != null) {
                    sb.append(String.join(":", List.of(esc(t.host()), String.valueOf(t.port()), "*", esc(t.user()), esc(t.password()))))
                            .append('\n');
                }
            }
            Files.writeString(f, sb.toString());
            return new PassFile(f);
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to write a temporary password file: " + e.getMessage()
                    + ". Check the temporary folder (java.io.tmpdir) is writable.", e);
        }
    }

    /** Environment for a libpq program: the passfile, and no interactive password prompt. */
    public Map<String, String> env() {
        return Map.of("PGPASSFILE", file.toString(), "PGCONNECT_TIMEOUT", "15");
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace(":", "\\:");
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the temp folder is cleaned eventually; the file is 0600
        }
    }
}
