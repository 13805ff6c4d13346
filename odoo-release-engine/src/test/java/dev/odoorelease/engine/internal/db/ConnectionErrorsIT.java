package dev.odoorelease.engine.internal.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.odoorelease.engine.config.DbTarget;

class ConnectionErrorsIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("errors");

    @Test
    void wrongPasswordSaysToCheckTheCredentialsWithoutPrintingThem() {
        PgServer pg = PG.server();
        DbTarget t = new DbTarget(pg.host(), pg.port(), "postgres", "odoo", "wrong-Pa55word");
        assertThatThrownBy(() -> Pg.connect(t))
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("refused the credentials of role odoo")
                .hasMessageContaining("Check the user and password")
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("wrong-Pa55word");
                    assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.DB_CONNECTION);
                });
    }

    @Test
    void missingDatabaseIsNotFound() {
        PgServer pg = PG.server();
        DbTarget t = new DbTarget(pg.host(), pg.port(), "no_such_db", "odoo", "odoo");
        assertThatThrownBy(() -> Pg.connect(t))
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("database no_such_db does not exist")
                .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void unreachableServerSaysToCheckHostAndPort() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        DbTarget t = new DbTarget("127.0.0.1", closedPort, "prod", "odoo", "odoo");
        assertThatThrownBy(() -> Pg.connect(t))
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageContaining("Check that the server runs")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(".."))
                .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.DB_CONNECTION));
    }

    @Test
    void targetToStringNeverShowsThePassword() {
        DbTarget t = new DbTarget("db", 5432, "prod", "odoo", "TopSecret!");
        assertThat(t.toString()).doesNotContain("TopSecret!").contains("prod").contains("db:5432");
    }
}
