package dev.odoorelease.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PgServerIT {
    @RegisterExtension
    static final PgServerExtension PRODUCTION = PgServerExtension.named("production");
    @RegisterExtension
    static final PgServerExtension STAGING = PgServerExtension.named("staging");

    @Test
    void twoIndependentServersOnLoopbackWithPasswordAuthentication() throws Exception {
        PgServer prod = PRODUCTION.server();
        PgServer staging = STAGING.server();
        assertThat(prod.port()).as("each server has its own port").isNotEqualTo(staging.port());

        prod.createDatabase("prod");
        try (Connection c = prod.connect("prod"); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT current_user, (SELECT datdba::regrole::text FROM pg_database WHERE datname = 'prod'), "
                    + "(SELECT count(*) FROM pg_extension WHERE extname IN ('pg_trgm','unaccent'))");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("odoo");
            assertThat(rs.getString(2)).as("database owned by the Odoo role").isEqualTo("odoo");
            assertThat(rs.getInt(3)).as("Odoo's extensions installed").isEqualTo(2);
        }
        assertThatThrownBy(() -> staging.connect("prod")).as("databases are per server")
                .isInstanceOf(SQLException.class).hasMessageContaining("prod");
    }

    @Test
    void wrongPasswordIsRefused() {
        PgServer prod = PRODUCTION.server();
        assertThatThrownBy(() -> DriverManager.getConnection(prod.jdbcUrl("postgres"), "odoo", "not-the-password"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void closeStopsTheServerAndDeletesItsFolder() throws Exception {
        PgServer tmp = PgServer.start("throwaway");
        Path dir = tmp.dataDir();
        assertThat(Files.exists(dir.resolve("PG_VERSION"))).isTrue();
        tmp.close();
        assertThat(Files.exists(dir)).as("cluster folder deleted").isFalse();
        assertThatThrownBy(() -> tmp.connect("postgres")).isInstanceOf(SQLException.class);
    }
}
