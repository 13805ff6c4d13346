package dev.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.testkit.DockerSocketProxy;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fault-injection suite's deploys: killed at every step of a deploy that succeeds and of one that rolls back. */
class CrashRecoveryDeployIT extends CrashRecoverySuite {
    @Override
    Set<Scenario> scenarios() {
        return EnumSet.of(Scenario.DEPLOY, Scenario.FAILED_DEPLOY);
    }

    /**
     * Docker stops answering after the old version was stopped and the snapshot taken, as the module update is about
     * to start (the CLI talks to the engine through a proxy the test cuts; the real engine and its containers keep
     * running): the deploy fails, its rollback restores the data but cannot start the old version, so it exits 13 with
     * the commands to finish by hand, the last one {@code recover}. With Docker back, {@code recover} finishes it: the
     * old version runs on the data from before, nothing lost, nothing left behind, and the next deploy works.
     */
    @Test
    void dockerStoppedMidDeployIsFinishedByRecoverWithNothingLostAndNothingLeftBehind() throws Exception {
        String before = dataChecksum("prod") + filestoreChecksum("production", "prod");
        String oldImage = runningImage();
        String image = oldImage.equals(v2) ? v2b : v2;
        CliRun broken;
        try (DockerSocketProxy proxy = DockerSocketProxy.start(dir.resolve("docker.sock"))) {
            broken = breakAt("deploy:updating", Map.of("DOCKER_HOST", proxy.uri()), proxy::cut,
                    "deploy", "production", "--image", image, "--update", "all", "--branch", "main");
        }

        assertThat(broken.exit()).as("the rollback could not start the old version: manual recovery needed").isEqualTo(13);
        assertThat(broken.out() + broken.err()).contains("odoo-release recover production").doesNotContain(PASSWORD);
        CliRun recover = recover("production");
        assertThat(recover.out() + recover.err()).doesNotContain(PASSWORD);
        assertThat(dataChecksum("prod") + filestoreChecksum("production", "prod")).as("nothing lost").isEqualTo(before);
        assertThat(runningImage()).as("the old version runs again").isEqualTo(oldImage);
        assertNothingLeftBehind();
        ok("deploy", "production", "--image", image, "--update", "all", "--branch", "main", "--lock-timeout", "20s");
        assertThat(runningImage()).isEqualTo(image);
        assertNothingLeftBehind();
    }
}
