package dev.odoorelease.engine.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.internal.state.Json;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.testkit.DockerEngine;
import dev.odoorelease.testkit.LocalRegistry;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.HistoryEntry;
import dev.odoorelease.engine.result.RollbackResult;

/**
 * Deploys and rollbacks record the registry digest of what they run and run exactly that digest again, against a real
 * registry (Docker's distribution registry on a loopback port, {@link LocalRegistry}): a tag re-pushed with other code
 * and the deployed image removed from the engine still roll back to the recorded code, pulled by its digest.
 */
class ImageDigestIT extends DeployITBase {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("digest");

    @TempDir
    Path buildDir;

    LocalRegistry registry;
    final List<String> images = new ArrayList<>();

    @Override
    PgServer pg() {
        return PG.server();
    }

    @BeforeEach
    void startRegistry() {
        registry = LocalRegistry.start();
    }

    @AfterEach
    void removeImagesAndRegistry() {
        for (String i : images) {
            DockerEngine.docker(Duration.ofMinutes(1), "rmi", "-f", i);
        }
        registry.close();
    }

    /** A new image of this test's own (v1's code plus a label), tagged {@code tag} and pushed; returns its id. */
    String buildAndPush(String tag, String label) throws Exception {
        Path dir = Files.createDirectories(buildDir.resolve(label));
        Files.writeString(dir.resolve("Dockerfile"), "FROM " + v1 + "\nLABEL odoo-release-it.digest=\"" + label + "\"\n");
        DockerEngine.check(Duration.ofMinutes(5), "build", "-q", "-t", tag, dir.toString());
        String id = DockerEngine.check(Duration.ofMinutes(1), "image", "inspect", "--format", "{{.Id}}", tag).strip();
        images.add(id);
        DockerEngine.check(Duration.ofMinutes(5), "push", tag);
        return id;
    }

    String digestOf(String image, String repository) {
        String all = DockerEngine.check(Duration.ofMinutes(1), "image", "inspect", "--format",
                "{{range .RepoDigests}}{{println .}}{{end}}", image);
        return all.lines().map(String::strip).filter(d -> d.startsWith(repository + "@sha256:")).findFirst()
                .orElseThrow(() -> new AssertionError("no digest of " + repository + " in " + all));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> lastHistoryDetails() {
        try (StateStore st = StateStore.open(env)) {
            // the last deploy or rollback (a snapshot the operation took is recorded as an entry of its own)
            HistoryEntry last = st.history().recent(env.name(), 50).stream()
                    .filter(h -> h.operation().equals(DeployNames.DEPLOY) || h.operation().equals(DeployNames.ROLLBACK))
                    .findFirst().orElseThrow();
            return (Map<String, Object>) Json.read(last.detailsJson(), Map.class);
        }
    }

    String runningImageId() {
        return docker.containers().inspect(container.name()).orElseThrow().imageId();
    }

    @Test
    void aRollbackRunsTheRecordedDigestAfterTheTagWasRePushedAndTheImageRemoved() throws Exception {
        production("dg_rollback_db", SnapshotKind.TEMPLATE);
        String repository = registry.host() + "/odoo-release-it/odoo-" + Long.toHexString(System.nanoTime());
        String tag = repository + ":17.0";
        String idA = buildAndPush(tag, "a-" + System.nanoTime());
        String digestA = digestOf(idA, repository);
        assertThat(deploy(tag, "none").call().outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(lastHistoryDetails()).containsEntry("imageId", idA).containsEntry("imageDigest", digestA);
        // the same tag re-pushed with other code, deployed: the registry's tag and the engine's now name image B
        String idB = buildAndPush(tag, "b-" + System.nanoTime());
        assertThat(idB).isNotEqualTo(idA);
        assertThat(deploy(tag, "none").call().outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(runningImageId()).isEqualTo(idB);
        // and image A gone from the engine: only the registry still has it, under its digest
        DockerEngine.check(Duration.ofMinutes(1), "rmi", digestA);
        assertThat(DockerEngine.docker(Duration.ofMinutes(1), "image", "inspect", idA).exitCode()).isNotZero();
        List<String> log = new ArrayList<>();

        RollbackResult r = new RollbackCommand(env, container, docker, health).build("ImageDigestIT")
                .lockTimeout(Duration.ofSeconds(5)).progress(log::add).call();

        assertThat(r.outcome()).as("cause %s; failures %s", r.cause(), r.failures()).isEqualTo(RollbackResult.Outcome.ROLLED_BACK);
        assertThat(runningImageId()).as("the code deployed as " + tag + " then, not what the tag names now").isEqualTo(idA);
        assertThat(docker.containers().inspect(container.name()).orElseThrow().image()).isEqualTo(digestA);
        assertThat(String.join("\n", log)).contains(tag + " now names another image (" + idB + ")")
                .contains("pulling the recorded digest " + digestA);
        assertThat(lastHistoryDetails()).containsEntry("imageId", idA).containsEntry("imageDigest", digestA);
    }

    @Test
    void aDeployGivenByDigestRunsThatDigestAndRecordsIt() throws Exception {
        production("dg_deploy_db", SnapshotKind.TEMPLATE);
        String repository = registry.host() + "/odoo-release-it/odoo-" + Long.toHexString(System.nanoTime());
        String idA = buildAndPush(repository + ":17.0", "c-" + System.nanoTime());
        String digestA = digestOf(idA, repository);
        // the tag moves on: the digest still names image A
        buildAndPush(repository + ":17.0", "d-" + System.nanoTime());

        DeployResult d = deploy(digestA, "none").call();

        assertThat(d.outcome()).as(String.valueOf(d.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(runningImageId()).isEqualTo(idA);
        assertThat(docker.containers().inspect(container.name()).orElseThrow().image()).isEqualTo(digestA);
        assertThat(lastHistoryDetails()).containsEntry("image", digestA).containsEntry("imageId", idA)
                .containsEntry("imageDigest", digestA);
    }

    @Test
    void anImageNeverPushedRecordsNoDigest() {
        production("dg_local_db", SnapshotKind.TEMPLATE);

        assertThat(lastHistoryDetails()).containsEntry("image", v1).containsEntry("imageDigest", "null");
    }
}
