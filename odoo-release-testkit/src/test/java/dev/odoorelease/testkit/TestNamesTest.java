package dev.odoorelease.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names owned by a JVM, and which of them a killed run left behind. */
class TestNamesTest {
    @Test
    void aPrefixCarriesThisJvmAndIsNeverHandedOutTwice() {
        String a = TestNames.prefix("orcrash");
        String b = TestNames.prefix("orcrash");

        assertThat(a).startsWith("orcrash-ortest" + ProcessHandle.current().pid() + "-").endsWith("-").isNotEqualTo(b);
        assertThat(TestNames.owner(a + "production")).isEqualTo(ProcessHandle.current().pid());
        assertThat(TestNames.orphaned(a + "production")).as("this JVM runs").isFalse();
    }

    @Test
    void aNameOfAJvmThatIsGoneIsOrphanedAndOtherNamesAreNot() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long gone = p.pid();

        assertThat(TestNames.orphaned("orcrash-ortest" + gone + "-1-production")).isTrue();
        assertThat(TestNames.orphaned("odoo-release-test/ormb-ortest" + gone + "-2:abc")).isTrue();
        assertThat(TestNames.orphaned("odoo-prod")).as("not a test's name").isFalse();
        assertThat(TestNames.orphaned("odoo-release/standin:17.0-good-0123456789ab")).isFalse();
        assertThat(TestNames.orphaned("acme-j" + gone + "-x")).as("a real container's name that looks a bit alike").isFalse();
    }
}
