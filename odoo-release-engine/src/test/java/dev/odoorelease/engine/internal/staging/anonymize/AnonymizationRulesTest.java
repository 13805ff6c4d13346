package dev.odoorelease.engine.internal.staging.anonymize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnonymizationRulesTest {
    @Test
    void shortAndLongFormsParse() {
        AnonymizationRules r = AnonymizationRules.fromYaml("""
                version: 1
                rules:
                  res_partner.email: email
                  res_partner.function: null
                  res_partner.phone: phone
                  res_partner.zip: digits
                  res_partner.ref: {strategy: pseudonym, template: "REF-{id}"}
                  res_users.login: {strategy: pseudonym, template: "user{id}", except: [admin]}
                  x_log: {strategy: delete, where: "create_date < '2024-01-01'"}
                  res_country: keep
                attachments:
                  hr.employee: drop
                """, "p.yml");
        assertThat(r.rule("res_partner", "email")).get().extracting(AnonymizationRule::strategy).isEqualTo(Strategy.EMAIL);
        assertThat(r.rule("res_partner", "function")).as("YAML null is the null strategy").get()
                .extracting(AnonymizationRule::strategy).isEqualTo(Strategy.NULL);
        assertThat(r.rule("res_partner", "phone").orElseThrow().strategy()).isEqualTo(Strategy.PHONE);
        assertThat(r.rule("res_partner", "zip").orElseThrow().strategy()).as("digits is its own strategy, not a phone")
                .isEqualTo(Strategy.DIGITS);
        assertThat(r.rule("res_partner", "ref").orElseThrow().template()).isEqualTo("REF-{id}");
        assertThat(r.rule("res_users", "login").orElseThrow().except()).containsExactly("admin");
        assertThat(r.tableRule("x_log").orElseThrow().where()).contains("2024");
        assertThat(r.tableRule("res_country").orElseThrow().strategy()).isEqualTo(Strategy.KEEP);
        assertThat(r.attachment("hr.employee").orElseThrow().action()).isEqualTo(AttachmentRule.Action.DROP);
        assertThat(r.rules()).allSatisfy(x -> assertThat(x.origin()).isEqualTo("p.yml"));
    }

    @Test
    void mergeAddsOverridesAndKeeps() {
        AnonymizationRules base = AnonymizationRules.fromYaml("""
                rules:
                  a.x: email
                  a.y: phone
                  b.z: null
                attachments:
                  res.partner: blank
                """, "base");
        AnonymizationRules merged = base.merge(AnonymizationRules.fromYaml("""
                rules:
                  a.x: {strategy: email, template: "x{id}@example.invalid"}
                  a.y: keep
                  c.w: iban
                  b: keep
                attachments:
                  res.partner: keep
                """, "project"));
        assertThat(merged.rule("a", "x").orElseThrow().template()).as("override").isEqualTo("x{id}@example.invalid");
        assertThat(merged.rule("a", "y").orElseThrow().strategy()).as("keep").isEqualTo(Strategy.KEEP);
        assertThat(merged.rule("c", "w")).as("add").isPresent();
        assertThat(merged.rule("b", "z")).as("a table keep removes the table's column rules").isEmpty();
        assertThat(merged.attachment("res.partner").orElseThrow().action()).isEqualTo(AttachmentRule.Action.KEEP);
        assertThat(base.rule("a", "y").orElseThrow().strategy()).as("rule sets are immutable").isEqualTo(Strategy.PHONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"16.0", "17.0", "18.0", "17"})
    void builtInRulesLoadForEverySeries(String series) {
        AnonymizationRules r = AnonymizationRules.builtIn(series);
        assertThat(r.rule("res_partner", "email")).isPresent();
        assertThat(r.rule("res_users", "password").orElseThrow().strategy()).isEqualTo(Strategy.PASSWORD);
        assertThat(r.attachment("hr.employee").orElseThrow().action()).isEqualTo(AttachmentRule.Action.DROP);
        assertThat(r.rules()).allSatisfy(x -> assertThat(x.origin()).startsWith("built-in "));
    }

    @Test
    void seriesSpecificBuiltIns() {
        assertThat(AnonymizationRules.builtIn("16.0").rule("res_partner", "display_name")).isPresent();
        assertThat(AnonymizationRules.builtIn("18.0").rule("res_partner", "barcode").orElseThrow().strategy()).isEqualTo(Strategy.JSONB);
        assertThat(AnonymizationRules.builtIn("17.0").rule("ir_property", "value_text").orElseThrow().where()).contains("barcode");
        assertThatThrownBy(() -> AnonymizationRules.builtIn("15.0")).isInstanceOfSatisfying(OdooReleaseException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION));
    }

    @Test
    void mistakesAreNamed() {
        List<String[]> bad = List.of(
                new String[] {"rules:\n  res_partner.email: scramble\n", "unknown strategy 'scramble'"},
                new String[] {"rules:\n  res_partner: email\n", "a table rule must be delete or keep"},
                new String[] {"rules:\n  res_partner.email: delete\n", "delete is a table rule"},
                new String[] {"rules:\n  res_partner.email; drop: email\n", "the key must be"},
                new String[] {"rules:\n  res_partner.email: {strategy: fixed}\n", "needs 'value'"},
                new String[] {"rules:\n  res_users.password: {strategy: password, value: hunter2}\n", "never from the file"},
                new String[] {"rules:\n  a.b: {strategy: pseudonym, template: \"{name} x\", colour: red}\n", "unknown option 'colour'"},
                new String[] {"rules:\n  a.b: {strategy: pseudonym, template: \"x {id\"}\n", "unbalanced"},
                new String[] {"rules:\n  a.b: {strategy: jsonb, template: 'a\"b'}\n", "cannot contain"},
                new String[] {"rules:\n  a: {strategy: delete, where: \"1=1; DROP TABLE x\"}\n", "one SQL condition"},
                new String[] {"attachments:\n  hr.employee: shred\n", "unknown action 'shred'"},
                new String[] {"colours: red\n", "unknown top-level key"},
                new String[] {"rules: [\n", "not valid YAML"});
        for (String[] b : bad) {
            assertThatThrownBy(() -> AnonymizationRules.fromYaml(b[0], "anonymization.yml")).as(b[1])
                    .isInstanceOfSatisfying(OdooReleaseException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION);
                        assertThat(e.getMessage()).contains("anonymization.yml").contains(b[1]);
                    });
        }
    }

    @Test
    void aMissingFileSaysSo() {
        assertThatThrownBy(() -> AnonymizationRules.fromFile(java.nio.file.Path.of("/nonexistent/anonymization.yml")))
                .isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
