package dev.odoorelease.engine.internal.staging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.testkit.OdooDatabases;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.SmtpSink;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.StandInImage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.config.StagingPolicy;

/** The promise end to end: an Odoo (the stand-in) started on the staging clone serves, and sends no mail. */
class StageCloneEndToEndIT {
    @RegisterExtension
    static final PgServerExtension PROD = PgServerExtension.named("production");
    @RegisterExtension
    static final PgServerExtension STAGING = PgServerExtension.named("staging");

    @TempDir
    Path prodData;
    @TempDir
    Path stagingData;

    @Test
    void odooOnTheStagingCloneServesLoginAndSendsNoMailWhileProductionDoes() throws Exception {
        String image = StandInImage.series("17.0").build();
        try (SmtpSink sink = SmtpSink.start()) {
            StandInContainer.image(image).database(PROD.server()).dataDir(prodData).initDatabase("prod");
            OdooDatabases.seed(PROD.server(), "prod", OdooSeeder.forSeries("17.0").partners(200).users(5).messages(100).mailQueue(6)
                    .attachments(20).mailServer("127.0.0.1", sink.port()).filestore(prodData, "prod").progress(l -> { }));
            StandInContainer.prepareDataDir(prodData);
            PgServer pg = PROD.server();
            Environment prod = TestEnvironments.production("production", pg, "prod", prodData);
            Environment staging = TestEnvironments.staging("staging", STAGING.server(), "stage", stagingData);

            new StageCloneCommand(prod, staging, StagingPolicy.builder("http://staging.example.invalid").build())
                    .from(CloneCommand.Source.LIVE).call();
            StandInContainer.prepareDataDir(stagingData);

            try (StandInContainer odoo = StandInContainer.image(image).database(STAGING.server()).dataDir(stagingData)
                    .env("STANDIN_CRON_INTERVAL", "1").args("-d", "stage").start()) {
                odoo.awaitLog("Registry loaded in", Duration.ofMinutes(2));
                HttpResponse<String> login = odoo.get("/web/login");
                assertThat(login.statusCode()).as(odoo.logs()).isEqualTo(200);
                assertThat(login.body()).as("the neutralization banner shows").contains("neutralized");
                Thread.sleep(6000); // several runs of the mail cron
                assertThat(sink.messages()).as("staging sent no mail; logs: %s", odoo.logs()).isEmpty();
            }

            // control: the same queue on production does reach the catcher, so the check above can fail
            try (StandInContainer odoo = StandInContainer.image(image).database(PROD.server()).dataDir(prodData)
                    .env("STANDIN_CRON_INTERVAL", "1").args("-d", "prod").start()) {
                odoo.awaitLog("Registry loaded in", Duration.ofMinutes(2));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (sink.messages().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                }
                assertThat(sink.messages()).as("production sends its queue; logs: %s", odoo.logs()).isNotEmpty();
            }
        }
    }
}
