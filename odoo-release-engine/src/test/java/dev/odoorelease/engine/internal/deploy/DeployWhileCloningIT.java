package dev.odoorelease.engine.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.engine.result.CloneResult;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.StandInImage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.result.DeployResult;

/**
 * A deploy terminates the sessions of its database (its template snapshot drains them); a live stage clone reading that
 * database must not be what it kills (issue 14, item 10). The clone holds its source's lock shared, so the deploy waits
 * for it (and says who it waits for); a clone whose sessions something else terminates says so.
 */
class DeployWhileCloningIT extends DeployITBase {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("deploy-clone");

    @TempDir
    Path stagingData;

    @Override
    PgServer pg() {
        return PG.server();
    }

    private Environment staging(String db) {
        return Environment.builder("staging").kind(EnvironmentKind.STAGING)
                .database(new DbTarget(pg().host(), pg().port(), db, "deployer", PASSWORD)).dataDir(stagingData).jobs(2).build();
    }

    /** A live clone of production into staging, held after it opened its snapshot until {@code release}. */
    private CompletableFuture<CloneResult> pausedClone(String target, CountDownLatch reading, CountDownLatch release) {
        return CompletableFuture.supplyAsync(() -> new CloneCommand(env, staging(target)).from(CloneCommand.Source.LIVE)
                .streamTransform(snapshot -> {
                    reading.countDown();
                    try {
                        release.await(5, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return (schema, table) -> Map.of();
                }).call());
    }

    @Test
    void aDeployWaitsForALiveCloneOfItsDatabaseInsteadOfKillingIt() throws Exception {
        production("clone_src", SnapshotKind.TEMPLATE);
        String v2 = image(StandInImage.Variant.GOOD, "while-cloning");
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<CloneResult> clone = pausedClone("clone_dst", reading, release);
        try {
            assertThat(reading.await(3, TimeUnit.MINUTES)).as("the clone is reading production").isTrue();
            String running = runningImage();

            assertThatThrownBy(() -> deploy(v2, "none").lockTimeout(Duration.ofSeconds(3)).call())
                    .isInstanceOf(OdooReleaseException.class)
                    .hasMessageStartingWith("Unable to lock database clone_src of environment " + env.name() + " for deploy")
                    .hasMessageContaining("clone into staging ").hasMessageContaining(" reading ")
                    .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.LOCKED));
            assertThat(runningImage()).as("production was not touched").isEqualTo(running);
        } finally {
            release.countDown();
        }
        CloneResult copied = clone.get(5, TimeUnit.MINUTES);
        assertThat(copied.method()).as("the clone finished, its sessions were never terminated").isEqualTo("stream-copy");
        assertThat(count("clone_dst", "SELECT count(*) FROM ir_module_module")).isEqualTo(count("clone_src", "SELECT count(*) FROM ir_module_module"))
                .isPositive();

        DeployResult deployed = deploy(v2, "none").lockTimeout(Duration.ofMinutes(1)).call();
        assertThat(deployed.outcome()).as(String.valueOf(deployed.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
    }

    @Test
    void aLiveCloneWhoseSessionsAreTerminatedSaysSoAndLeavesTheTargetAlone() throws Exception {
        production("killed_src", SnapshotKind.TEMPLATE);
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<CloneResult> clone = pausedClone("killed_dst", reading, release);
        try {
            assertThat(reading.await(3, TimeUnit.MINUTES)).isTrue();
            // what an administrator (or another tool) draining the database does
            pg().superExecute("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'killed_src' "
                    + "AND pid <> pg_backend_pid() AND application_name = 'odoo-release'");
        } finally {
            release.countDown();
        }
        assertThatThrownBy(() -> clone.get(5, TimeUnit.MINUTES))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageStartingWith("Unable to copy the live database killed_src")
                .hasMessageContaining("the server ended the copy's session on it")
                .hasMessageContaining("Nothing was swapped in and the target keeps its data");
        try (Connection c = pg().superConnect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = 'killed_dst' OR datname LIKE 'ors_cloning_%'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("no target and no half copy left").isZero();
        }
    }

    private long count(String db, String sql) throws Exception {
        try (Connection c = pg().superConnect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
