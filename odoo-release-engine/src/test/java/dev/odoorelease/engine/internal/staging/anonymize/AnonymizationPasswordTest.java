package dev.odoorelease.engine.internal.staging.anonymize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnonymizationPasswordTest {
    @Test
    void reproducesPasslibHashesOfTheFixtures() {
        // res_users.password of admin ("admin") in the 16.0 and 17.0 fixtures, written by passlib
        String h16 = "$pbkdf2-sha512$25000$zgH5CG7DsQgmOCjj260EaA$hIazY0O7LVcERAnegcmzKYnAW6szUIJwWUrQQv/BCHAJM4NII8TCieXjXaQvF5C6/yi.nGycJkY8PTPtu50lpw";
        String h17 = "$pbkdf2-sha512$600000$yBaj/jWxxfswsEABvgpjsw$e86UbJj.c91lHZqZOvxyDrCTk0ddjXphw/lpPtdreu2RywmgTxL7wj9ihcj3uaFmYD1wkQ0YGwgIfacxgxRGIA";
        for (String h : new String[] {h16, h17}) {
            String[] p = h.split("\\$");
            assertThat(PasswordHash.hash("admin", PasswordHash.ab64Decode(p[3]), Integer.parseInt(p[2]))).isEqualTo(h);
        }
    }

    @Test
    void theStagingHashIsDeterministicAndPasswordSpecific() throws Exception {
        String a = PasswordHash.staging("staging-pw");
        assertThat(a).startsWith("$pbkdf2-sha512$600000$").isEqualTo(PasswordHash.staging("staging-pw"));
        assertThat(PasswordHash.staging("other")).isNotEqualTo(a);
        assertThat(AnonymizerStrategiesIT.verifyPbkdf2("staging-pw", a)).isTrue();
        assertThat(AnonymizerStrategiesIT.verifyPbkdf2("Staging-pw", a)).isFalse();
    }
}
