package dev.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.testkit.DockerSocketProxy;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fault-injection suite's manual rollbacks: killed at every step of {@code odoo-release rollback}. */
class CrashRecoveryRollbackIT extends CrashRecoverySuite {
    @Override
    Set<Scenario> scenarios() {
        return EnumSet.of(Scenario.ROLLBACK);
    }

    /**
     * Docker stops answering while a manual rollback restores the data (the CLI talks to the engine through a proxy the
     * test cuts): the data is restored without Docker, but the previous version cannot be started, so the rollback
     * exits 13 naming {@code recover}. With Docker back, {@code recover} finishes it: the rolled-back-to data or the
     * data from before (as it says), a running and healthy Odoo, nothing left behind, and the next deploy works.
     */
    @Test
    void dockerStoppedMidRollbackIsFinishedByRecoverWithNothingLostAndNothingLeftBehind() throws Exception {
        ok("deploy", "production", "--image", v2, "--update", "all", "--branch", "main");
        String target = dataChecksum("prod") + filestoreChecksum("production", "prod");
        PG.server().superExecute("prod", "INSERT INTO res_partner (name, email) VALUES ('written before the Docker cut', "
                + "'cut@example.invalid')");
        String before = dataChecksum("prod") + filestoreChecksum("production", "prod");
        CliRun broken;
        try (DockerSocketProxy proxy = DockerSocketProxy.start(dir.resolve("docker.sock"))) {
            broken = breakAt("rollback:restoring", Map.of("DOCKER_HOST", proxy.uri()), proxy::cut, "rollback", "production",
                    "--branch", "main");
        }

        assertThat(broken.exit()).as(broken.out() + broken.err()).isNotZero();
        assertThat(broken.out() + broken.err()).contains("odoo-release recover production").doesNotContain(PASSWORD);
        CliRun recover = recover("production");
        String after = dataChecksum("prod") + filestoreChecksum("production", "prod");
        assertThat(after).as("nothing lost: the rolled-back-to data, or that from before, as recover says:\n" + recover.err())
                .isEqualTo(completed(recover) ? target : before);
        assertNothingLeftBehind();
        ok("deploy", "production", "--image", v2, "--update", "all", "--branch", "main", "--lock-timeout", "20s");
        assertNothingLeftBehind();
    }
}
