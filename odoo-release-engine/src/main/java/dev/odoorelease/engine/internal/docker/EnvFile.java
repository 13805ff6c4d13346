package dev.odoorelease.engine.internal.docker;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A temporary {@code --env-file} (mode 0600, deleted on close) carrying a container's environment, so no value is
 * on the docker program's command line. Docker reads it as {@code KEY=VALUE} lines without quoting or trimming the
 * value; {@link ContainerSpec} has already refused values an env-file cannot carry (line breaks, NUL).
 */
final class EnvFile implements AutoCloseable {
    private final Path file;

    private EnvFile(Path file) {
        this.file = file;
    }

    static EnvFile write(Map<String, String> env) {
        Path f = null;
        try {
            // in this process's private folder: removed by the next run even after a kill -9
            f = dev.odoorelease.engine.internal.process.SecretFiles.createFile("odoo-release-", ".env");
            StringBuilder sb = new StringBuilder();
            env.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
            Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
            return new EnvFile(f);
        } catch (IOException e) {
            if (f != null) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // 0600 and in the temporary folder
                }
            }
            throw new OdooReleaseException(ErrorCode.IO, "Unable to write the temporary env-file for a container: "
                    + e.getMessage() + ". Check the temporary folder (java.io.tmpdir) is writable.", e);
        }
    }

    Path path() {
        return file;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // 0600 and in the temporary folder; nothing better to do
        }
    }
}
