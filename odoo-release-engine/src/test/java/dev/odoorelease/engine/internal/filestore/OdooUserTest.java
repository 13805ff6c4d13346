package dev.odoorelease.engine.internal.filestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Odoo's user read from its filestore, given to what the engine creates, and the fail-closed writability check. */
class OdooUserTest {
    @TempDir
    Path dir;

    @Test
    void foldersAndFilesGetTheOwnerAndModeOfTheFilestoreAndAnUnwritableFolderIsFound() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "changing owners needs root");
        Path fs = Files.createDirectories(dir.resolve("filestore"));
        Files.setAttribute(fs, "unix:uid", 101);
        Files.setAttribute(fs, "unix:gid", 101);
        Files.setPosixFilePermissions(fs, PosixFilePermissions.fromString("rwxr-x---"));
        OdooUser odoo = OdooUser.ofDataDir(dir);
        assertThat(odoo.uid()).isEqualTo(101);

        Path created = Files.createDirectory(fs.resolve("da")); // as root, 755: what the anonymizer used to leave
        Path file = Files.createFile(created.resolve("da39a3ee5e6b4b0d3255bfef95601890afd80709"));
        assertThat(odoo.unwritable(fs, 10)).as("a root-owned 755 folder is not writable by uid 101")
                .containsExactly("da (folder, uid 0, mode rwxr-xr-x)");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(odoo.unwritable(fs, 10)).as("nor a root-owned 600 file readable").hasSize(2)
                .anyMatch(s -> s.contains("(file, uid 0, mode rw-------)"));

        odoo.adopt(created);
        odoo.adopt(file);
        assertThat(Files.getAttribute(created, "unix:uid")).isEqualTo(101);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(odoo.unwritable(fs, 10)).isEmpty();

        Files.setPosixFilePermissions(created, PosixFilePermissions.fromString("r-xr-xr-x"));
        assertThat(odoo.unwritable(fs, 10)).as("its own folder without the write bit").hasSize(1);
        Files.setAttribute(created, "unix:uid", 102);
        Files.setPosixFilePermissions(created, PosixFilePermissions.fromString("rwxrwx---"));
        assertThat(odoo.unwritable(fs, 10)).as("another owner, same group with write").isEmpty();
        Files.setAttribute(created, "unix:gid", 102);
        assertThat(odoo.unwritable(fs, 10)).as("another owner and group, nothing for others").hasSize(1);
    }

    @Test
    void missingFoldersAreCreatedAsOdoosAndTheUserOfAMissingFolderIsItsParentsOwner() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "changing owners needs root");
        Files.setAttribute(dir, "unix:uid", 101);
        Files.setAttribute(dir, "unix:gid", 101);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        OdooUser odoo = OdooUser.ofNearest(dir.resolve("filestore/stage"));
        assertThat(odoo.uid()).isEqualTo(101);
        assertThat(OdooUser.ofDataDir(dir).reference()).as("no filestore folder yet: the data directory").isEqualTo(dir);
        odoo.createDirectories(dir.resolve("filestore/stage/da"));
        for (Path p : java.util.List.of(dir.resolve("filestore"), dir.resolve("filestore/stage"), dir.resolve("filestore/stage/da"))) {
            assertThat(Files.getAttribute(p, "unix:uid")).as(p.toString()).isEqualTo(101);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rwxr-xr-x");
        }
    }
}
