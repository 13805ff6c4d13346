package dev.odoorelease.engine.internal.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DbNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"prod", "odoo-17.staging", "db_2026", "9lives"})
    void acceptsOdooDatabaseNames(String name) {
        assertThat(DbNames.quoteDatabase(name)).isEqualTo("\"" + name + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-leading-dash", "x\"; DROP DATABASE prod; --", "a b", "with/slash", "_leading",
            "a123456789012345678901234567890123456789012345678901234567890123"})
    void refusesAnythingElseWithAClearMessage(String name) {
        assertThatThrownBy(() -> DbNames.quoteDatabase(name))
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageStartingWith("Unable to use database name")
                .hasMessageContaining("Choose another name")
                .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.CONFIGURATION));
    }

    @ParameterizedTest
    @ValueSource(strings = {"odoo", "_svc", "odoo.prod"})
    void acceptsRoles(String role) {
        assertThat(DbNames.quoteRole(role)).isEqualTo("\"" + role + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9role", "a'b", "x y"})
    void refusesBadRoles(String role) {
        assertThatThrownBy(() -> DbNames.quoteRole(role)).isInstanceOf(OdooReleaseException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"weird\"name", "plain"})
    void catalogIdentifiersAreQuotedSafely(String name) {
        assertThat(DbNames.quoteIdentifier(name)).startsWith("\"").endsWith("\"").doesNotContain("\"name\"\"x");
        assertThat(DbNames.quoteIdentifier("a\"b")).isEqualTo("\"a\"\"b\"");
    }
}
