package dev.odoorelease.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import org.junit.jupiter.api.Test;

/** The login probe's switch: on exactly when a user is given unless chosen otherwise, and kept through toBuilder. */
class HealthSettingsTest {
    private static final HealthSettings.LoginCredentials ADMIN = new HealthSettings.LoginCredentials("admin", "s3cret");

    @Test
    void loginAttemptFollowsTheUserByDefault() {
        assertThat(HealthSettings.forUrl("http://odoo:8069").build().loginAttempt()).isFalse();
        assertThat(HealthSettings.forUrl("http://odoo:8069").login(ADMIN).build().loginAttempt()).isTrue();
        assertThat(HealthSettings.forUrl("http://odoo:8069").loginAttempt(true).build().loginAttempt()).isTrue();
    }

    /** CI found it: toBuilder() carried the default "off" over as a choice, so adding a user was refused. */
    @Test
    void aUserAddedThroughToBuilderSwitchesTheProbeOn() {
        HealthSettings none = HealthSettings.forUrl("http://odoo:8069").build();

        HealthSettings withUser = none.toBuilder().login(ADMIN).build();

        assertThat(withUser.loginAttempt()).isTrue();
        assertThat(withUser.login()).isEqualTo(ADMIN);
        assertThat(withUser.toBuilder().login(null).build().loginAttempt()).as("and off again without it").isFalse();
    }

    @Test
    void aChoiceThatDiffersFromTheDefaultSurvivesToBuilder() {
        HealthSettings forced = HealthSettings.forUrl("http://odoo:8069").loginAttempt(true).build();
        assertThat(forced.toBuilder().timeout(java.time.Duration.ofSeconds(9)).build().loginAttempt()).isTrue();

        HealthSettings off = HealthSettings.forUrl("http://odoo:8069").loginAttempt(false).build();
        assertThatThrownBy(() -> off.toBuilder().loginAttempt(false).login(ADMIN).build())
                .isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("the login probe is switched off but has a user");
    }
}
