package dev.odoorelease.engine.internal.filestore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilestoreCopierTest {
    @TempDir
    Path dir;

    @Test
    void foldersKeepTheirPermissionsAndOwnerSoOdooCanStillWriteAfterARestore() throws Exception {
        Path source = dir.resolve("filestore/prod");
        Files.createDirectories(source.resolve("ab"));
        Files.writeString(source.resolve("ab/ab12"), "content");
        Files.createDirectories(source.resolve("checklist/ab"));
        for (Path p : new Path[] {source, source.resolve("ab")}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        UserPrincipal daemon = root ? dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("daemon") : null;
        if (root) {
            Files.setOwner(source.resolve("ab"), daemon);
        }
        Path target = dir.resolve("copy/filestore");

        FilestoreCopier.Result r = FilestoreCopier.from(source, target).threads(2).copy();

        assertThat(r.files()).isEqualTo(1);
        assertThat(Files.exists(target.resolve("checklist"))).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rwxrwxrwx");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("ab")))).isEqualTo("rwxrwxrwx");
        assertThat(Files.readString(target.resolve("ab/ab12"))).isEqualTo("content");
        if (root) {
            assertThat(Files.getOwner(target.resolve("ab"), LinkOption.NOFOLLOW_LINKS)).isEqualTo(daemon);
        }
    }
}
