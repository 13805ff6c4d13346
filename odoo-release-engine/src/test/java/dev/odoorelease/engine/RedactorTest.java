package dev.odoorelease.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {
    @Test
    void masksKnownSecretsUrlCredentialsAndPasswordPairs() {
        Redactor r = Redactor.of("s3cr3t-value");
        assertThat(r.redact("connecting with s3cr3t-value now")).isEqualTo("connecting with **** now");
        assertThat(r.redact("postgresql://odoo:hunter22@db:5432/prod")).isEqualTo("postgresql://odoo:****@db:5432/prod");
        assertThat(r.redact("db_password=abc123 host=x")).isEqualTo("db_password=**** host=x");
        assertThat(r.redact("PASSWORD: 'quoted secret'")).isEqualTo("PASSWORD: ****");
        assertThat(r.redact(null)).isNull();
    }

    @Test
    void longerSecretsAreMaskedWholeAndTinyOnesIgnored() {
        Redactor r = Redactor.of("abcdef", "abcdefghij", "x");
        assertThat(r.redact("abcdefghij")).isEqualTo("****");
        assertThat(r.redact("x marks")).as("one-letter 'secrets' would mask everything").isEqualTo("x marks");
    }
}
