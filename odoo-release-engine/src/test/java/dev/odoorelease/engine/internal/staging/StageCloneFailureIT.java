package dev.odoorelease.engine.internal.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.StageCloneFailedException;
import dev.odoorelease.engine.config.StagingPolicy;

/**
 * A stage clone that fails once started hands its caller the differences report it wrote: staging's server is real, the
 * source's server does not exist. (StageCloneIT covers a clone refused by verification on a real server.) An unreachable
 * production source is refused before anything starts: the identity guard cannot prove the target is another database.
 */
class StageCloneFailureIT {
    @RegisterExtension
    static final PgServerExtension STAGING = PgServerExtension.named("stage-failure");

    @TempDir
    Path dataDir;

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Environment environment(String name, EnvironmentKind kind, int port) {
        return Environment.builder(name).kind(kind)
                .database(new DbTarget("127.0.0.1", port, name, "odoo", "Not-A-Real-Secret-1"))
                .dataDir(dataDir.resolve(name)).build();
    }

    /** Staging on a real server: the identity guard must be able to tell what staging's database is. */
    private Environment staging() {
        PgServer pg = STAGING.server();
        return Environment.builder("staging").kind(EnvironmentKind.STAGING)
                .database(new DbTarget(pg.host(), pg.port(), "staging", PgServer.ODOO_ROLE, PgServer.ODOO_PASSWORD))
                .dataDir(dataDir.resolve("staging")).build();
    }

    @Test
    void aFailedCloneCarriesItsReportWithTheCausesCodeAndMessage() throws Exception {
        int port = closedPort();
        List<String> warnings = new ArrayList<>();
        // a source that is not production: its unreachable server only warns in the identity guard, so the clone starts
        StageCloneCommand clone = new StageCloneCommand(environment("source", EnvironmentKind.DEVELOPMENT, port),
                staging(), StagingPolicy.builder("https://staging.invalid").build())
                .from(CloneCommand.Source.LIVE)
                .progress(new ProgressListener() {
                    @Override
                    public void info(String message) {
                    }

                    @Override
                    public void warn(String message) {
                        warnings.add(message);
                    }
                });

        StageCloneFailedException e = catchThrowableOfType(StageCloneFailedException.class, clone::call);

        assertThat(e).as("one exception root").isInstanceOf(OdooReleaseException.class);
        assertThat(e.getCause()).isInstanceOf(OdooReleaseException.class);
        OdooReleaseException cause = (OdooReleaseException) e.getCause();
        assertThat(e.errorCode()).isEqualTo(cause.errorCode()).isEqualTo(ErrorCode.DB_CONNECTION);
        assertThat(e.getMessage()).isEqualTo(cause.getMessage() + " Report: " + e.reportMarkdown());
        assertThat(e.reportJson()).isEqualTo(e.reportMarkdown().resolveSibling("stage-clone-report.json"));
        assertThat(e.reportMarkdown().getParent().getFileName()).hasToString("stage-clone-" + e.operationId());
        assertThat(Files.readString(e.reportJson())).contains("\"status\" : \"failed\"", e.operationId());
        assertThat(Files.readString(e.reportMarkdown())).contains(e.operationId());
        assertThat(warnings).anyMatch(w -> w.endsWith("Report: " + e.reportMarkdown()));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e); // as it crosses a Jenkins agent's channel
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            StageCloneFailedException back = (StageCloneFailedException) in.readObject();
            assertThat(back.reportMarkdown()).isEqualTo(e.reportMarkdown());
            assertThat(back.reportJson()).isEqualTo(e.reportJson());
            assertThat(back.errorCode()).isEqualTo(ErrorCode.DB_CONNECTION);
        }
    }

    @Test
    void anUnreachableProductionSourceIsRefusedBeforeAnythingStarts() throws Exception {
        int port = closedPort();
        StageCloneCommand clone = new StageCloneCommand(environment("production", EnvironmentKind.PRODUCTION, port),
                environment("staging", EnvironmentKind.STAGING, port), StagingPolicy.builder("https://staging.invalid").build())
                .from(CloneCommand.Source.LIVE);

        OdooReleaseException e = catchThrowableOfType(OdooReleaseException.class, clone::call);

        assertThat(e).isNotInstanceOf(StageCloneFailedException.class);
        assertThat(e.errorCode()).isEqualTo(ErrorCode.DB_CONNECTION);
        assertThat(dataDir.resolve("staging")).as("nothing written for staging, not even a report").doesNotExist();
    }
}
