package dev.odoorelease.engine.internal.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.testkit.DockerEngine;
import dev.odoorelease.testkit.OdooDatabases;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.Processes;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.StandInImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.result.StageCloneResult;
import dev.odoorelease.engine.config.StagingPolicy;

/**
 * The staging filestore belongs to Odoo's user: Odoo (the stand-in, uid 101 like the official image) on the clone can
 * store a new attachment in every folder, also in the one the anonymizer created for blanked attachments; and a
 * filestore Odoo's user could not write fails the verification. Data directories set up as for the official image
 * ({@code chown 101:101}, mode 755), production's files written by root (as a restore or an operator leaves them).
 */
class StagingFilestoreOwnerIT {
    @RegisterExtension
    static final PgServerExtension PROD = PgServerExtension.named("production");
    @RegisterExtension
    static final PgServerExtension STAGING = PgServerExtension.named("staging");

    @TempDir
    Path tmp;

    @Test
    void odooOnTheCloneStoresANewAttachmentInTheFolderTheAnonymizerCreated() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "giving folders to uid 101 needs root");
        DockerEngine.require();
        String image = StandInImage.series("17.0").build();
        Path prodData = odooDataDir("prod-data");
        Path stagingData = odooDataDir("staging-data");
        StandInContainer.image(image).database(PROD.server()).dataDirAsIs(prodData).initDatabase("prod");
        OdooDatabases.seed(PROD.server(), "prod", OdooSeeder.forSeries("17.0").partners(50).users(3).messages(40).attachments(30)
                .filestore(prodData, "prod").progress(l -> { }));
        Environment prod = TestEnvironments.production("production", PROD.server(), "prod", prodData);
        Environment staging = TestEnvironments.staging("staging", STAGING.server(), "stage", stagingData);

        StageCloneResult r = new StageCloneCommand(prod, staging, StagingPolicy.builder("http://staging.example.invalid").build())
                .from(CloneCommand.Source.LIVE).call();
        Path blankFolder = staging.filestore().resolve("da");
        assertThat(blankFolder).as("the anonymizer blanked attachments into da/").isDirectory();

        String sha = null;
        String content = null;
        for (int i = 0; sha == null; i++) {
            String candidate = "a new upload on staging #" + i;
            String h = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(candidate.getBytes(StandardCharsets.UTF_8)));
            if (h.startsWith("da")) {
                sha = h;
                content = candidate;
            }
        }
        try (StandInContainer odoo = StandInContainer.image(image).database(STAGING.server()).dataDirAsIs(stagingData)
                .args("-d", "stage").start()) {
            odoo.awaitLog("Registry loaded in", Duration.ofMinutes(2));
            // what Odoo's ir.attachment._file_write does with a new upload, as the server's own user (uid 101)
            String write = "import os,sys\n"
                    + "full = '/var/lib/odoo/filestore/stage/' + sys.argv[1][:2] + '/' + sys.argv[1]\n"
                    + "os.makedirs(os.path.dirname(full), exist_ok=True)\n"
                    + "open(full, 'wb').write(sys.argv[2].encode())\n";
            Processes.Result stored = DockerEngine.docker(Duration.ofSeconds(60), "exec", odoo.name(), "python3", "-c", write, sha, content);
            assertThat(stored.exitCode()).as("Odoo (uid 101) stores the upload into da/: %s", stored.combined()).isZero();
        }
        assertThat(Files.readString(blankFolder.resolve(sha))).isEqualTo(content);
        assertThat(Files.getAttribute(blankFolder.resolve(sha), "unix:uid")).isEqualTo(101);
        assertThat(r.report().verification()).as("the verification looked at the filestore's owner")
                .anyMatch(x -> x.name().equals("filestore writable by Odoo's user") && x.passed());
    }

    @Test
    void aFilestoreOdoosUserCannotWriteFailsTheVerification() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "giving folders to uid 101 needs root");
        Path prodData = odooDataDir("prod-data");
        Path stagingData = odooDataDir("staging-data");
        Environment prod = TestEnvironments.seededProduction(PROD.server(), "prod_ro", "17.0", prodData,
                OdooSeeder.forSeries("17.0").partners(20).users(2).messages(10).attachments(10));
        // an operator made staging's filestore read-only for Odoo: whatever is copied in would be unwritable
        Path fs = Files.createDirectories(stagingData.resolve("filestore"));
        Files.setAttribute(fs, "unix:uid", 101);
        Files.setAttribute(fs, "unix:gid", 101);
        Files.setPosixFilePermissions(fs, PosixFilePermissions.fromString("r-xr-xr-x"));
        Environment staging = TestEnvironments.staging("staging-ro", STAGING.server(), "stage_ro", stagingData);

        assertThatThrownBy(() -> new StageCloneCommand(prod, staging, StagingPolicy.builder("http://staging.example.invalid").build())
                .from(CloneCommand.Source.LIVE).call())
                .isInstanceOf(OdooReleaseException.class).hasMessageContaining("filestore writable by Odoo's user");
        try (Connection c = STAGING.server().superConnect("postgres"); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname = 'stage_ro'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("nothing was swapped in").isZero();
        }
    }

    /** A data directory as the official image expects it: owned by uid/gid 101, mode 755. */
    private Path odooDataDir(String name) throws Exception {
        Path d = Files.createDirectories(tmp.resolve(name));
        Files.setAttribute(d, "unix:uid", 101);
        Files.setAttribute(d, "unix:gid", 101);
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        return d;
    }
}
