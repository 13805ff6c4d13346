package dev.odoorelease.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The declared host programs: what setup-machine installs is what the engine and the tests may run. */
class HostRequirementsTest {
    @Test
    void theEnginesProgramsAreDeclaredWithTheirPackages() {
        // DockerCli runs docker, PgTools pg_dump and pg_restore, PgServer initdb, pg_ctl and runuser
        assertThat(HostRequirements.declared()).containsEntry("docker", "docker.io").containsEntry("pg_dump", "postgresql-client")
                .containsEntry("pg_restore", "postgresql-client").containsEntry("initdb", "postgresql")
                .containsEntry("pg_ctl", "postgresql").containsEntry("runuser", "util-linux");
        assertThat(HostRequirements.declared()).as("Odoo's programs run in images, never on the host").doesNotContainKey("python3");
    }

    @Test
    void anUndeclaredHostProgramIsRefusedBeforeItRunsNamingTheFileToDeclareItIn() {
        assertThatThrownBy(() -> Processes.run(List.of("/usr/bin/python3", "-c", "import psycopg2"), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'python3'")
                .hasMessageContaining("scripts/host-requirements").hasMessageContaining("inside an image");
        assertThatThrownBy(() -> Processes.run(List.of("python3", "-V"), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class);
        // declared ones and the JDK running the tests pass
        assertThat(Processes.run(List.of("tar", "--version"), Duration.ofSeconds(10)).exitCode()).isZero();
        assertThat(Processes.run(List.of(System.getProperty("java.home") + "/bin/java", "-version"), Duration.ofSeconds(30))
                .exitCode()).isZero();
    }
}
