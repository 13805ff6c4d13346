package dev.odoorelease.engine.filestore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A filestore copy keeps its folders' access: Odoo (often another user) writes new attachments into them. */
class FilestoreCopierTest {
    @TempDir
    Path dir;

    @Test
    void copiedFoldersKeepTheSourcesPermissions() throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("ab"));
        Files.writeString(src.resolve("ab/abcdef"), "content");
        Files.setPosixFilePermissions(src.resolve("ab"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwxrwx---"));
        for (boolean link : new boolean[] {true, false}) {
            Path copy = dir.resolve("copy-" + link);
            FilestoreCopier.Result r = FilestoreCopier.from(src, copy).allowLinks(link).copy();
            assertThat(r.files()).isEqualTo(1);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve("ab")))).isEqualTo("rwxrwxrwx");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rwxrwx---");
            assertThat(Files.getOwner(copy.resolve("ab"))).isEqualTo(Files.getOwner(src.resolve("ab")));
        }
    }
}
