package dev.odoorelease.engine.internal.staging.neutralize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rule files and the small SQL reader they rely on. */
class NeutralizationRulesTest {

    @Test
    void scriptsSplitLikePostgresqlReadsThem() {
        SqlScript s = SqlScript.parse("""
                -- series: 17 18
                -- file header, cut off by the blank line

                -- first: a semicolon in a string and in an E'' string with an escaped quote
                -- requires: website(name), ir_ui_view
                UPDATE website SET robots_txt = E'a;\\'b\\nc', name = 'x;y' WHERE id = 1;
                /* block /* nested */ comment; */
                -- module: mail
                DO $body$ BEGIN PERFORM 1; END $body$;
                INSERT INTO "Odd Table" (a, "b;c") VALUES (';', $$;$$)
                """);
        assertThat(s.series()).as("file-level series directive").containsExactlyInAnyOrder("17", "18");
        List<SqlScript.Statement> st = s.statements();
        assertThat(st).as("three statements, the last one without a semicolon").hasSize(3);
        assertThat(st.get(0).description()).as("only the comment block right before the statement describes it")
                .isEqualTo("first: a semicolon in a string and in an E'' string with an escaped quote");
        assertThat(st.get(0).requires()).isEqualTo(Map.of("website", Set.of("name"), "ir_ui_view", Set.of()));
        assertThat(st.get(0).line()).isEqualTo(6);
        assertThat(st.get(0).sql()).endsWith("WHERE id = 1");
        assertThat(st.get(1).module()).isEqualTo("mail");
        assertThat(st.get(1).sql()).isEqualTo("DO $body$ BEGIN PERFORM 1; END $body$");
        assertThat(st.get(2).sql()).startsWith("INSERT INTO \"Odd Table\"").endsWith("$$;$$)");
    }

    @Test
    void updatesAreSplitIntoAssignmentsSoAMissingColumnCanBeLeftOut() {
        SqlShape u = SqlShape.of("UPDATE fetchmail_server SET \"user\" = NULL, password = coalesce(a, 'x,y'), n = f(1, 2) WHERE id IN (1, 2)");
        assertThat(u.operation).isEqualTo(SqlShape.Operation.UPDATE);
        assertThat(u.table).isEqualTo("fetchmail_server");
        assertThat(u.assignments).extracting(SqlShape.Assignment::column).containsExactly("user", "password", "n");
        assertThat(u.updateWith(List.of(u.assignments.get(0), u.assignments.get(2))))
                .isEqualTo("UPDATE fetchmail_server SET \"user\" = NULL, n = f(1, 2) WHERE id IN (1, 2)");

        SqlShape i = SqlShape.of("INSERT INTO ir_mail_server(name, smtp_port) VALUES ('a', 1)");
        assertThat(i.operation).isEqualTo(SqlShape.Operation.INSERT);
        assertThat(i.insertColumns).containsExactly("name", "smtp_port");
        SqlShape t = SqlShape.of("TRUNCATE mail_partner_device CASCADE");
        assertThat(t.operation).isEqualTo(SqlShape.Operation.TRUNCATE);
        assertThat(t.tables).containsExactly("mail_partner_device");
        assertThat(SqlShape.of("DELETE FROM public.res_users_apikeys").table).isEqualTo("res_users_apikeys");
        assertThat(SqlShape.of("SELECT 1").operation).isEqualTo(SqlShape.Operation.OTHER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"16.0", "17.0", "18.0"})
    void everyRuleIsASimpleStatementOnANamedTable(String series) {
        List<Rules.Rule> rules = new java.util.ArrayList<>(Rules.odooModules(series));
        rules.addAll(Rules.gaps());
        for (Rules.Rule r : rules) {
            assertThat(r.script().statements()).as(r.source() + " has statements").isNotEmpty();
            for (SqlScript.Statement s : r.script().statements()) {
                SqlShape shape = SqlShape.of(s.sql());
                assertThat(shape.operation).as(r.source() + " line " + s.line() + " is a data statement")
                        .isNotEqualTo(SqlShape.Operation.OTHER);
                assertThat(shape.table).as(r.source() + " line " + s.line() + " names its table").isNotBlank();
                if (shape.operation == SqlShape.Operation.UPDATE) {
                    assertThat(shape.assignments).as(r.source() + " line " + s.line() + " SET list is readable").isNotEmpty();
                }
                assertThat(s.description()).as(r.source() + " line " + s.line() + " says what it is for").isNotBlank();
            }
        }
    }

    @Test
    void everyListedModuleHasARuleInSomeSeries() {
        Set<String> all = new java.util.TreeSet<>();
        for (String series : List.of("16.0", "17.0", "18.0")) {
            all.addAll(sources(series).keySet());
        }
        assertThat(all).as("every module of modules.txt has a rule in at least one series").hasSize(60)
                .contains("base", "mail", "payment_stripe", "l10n_my_edi", "iap");
    }

    @Test
    void eachSeriesGetsItsOwnVersionOfAModuleRule() {
        Map<String, String> v16 = sources("16.0");
        Map<String, String> v17 = sources("17.0");
        Map<String, String> v18 = sources("18.0");
        assertThat(v16.get("base")).as("16 has no webhooks").isEqualTo("odoo/16/base.sql");
        assertThat(text("16.0", "base")).doesNotContain("webhook");
        assertThat(text("17.0", "base")).contains("webhook_url");
        assertThat(v17.get("mail")).isEqualTo("odoo/17/mail.sql");
        assertThat(text("17.0", "mail")).contains("TRUNCATE mail_partner_device CASCADE");
        assertThat(text("18.0", "mail")).contains("TRUNCATE mail_push_device CASCADE");
        assertThat(text("18.0", "google_calendar")).contains("res_users_settings");
        assertThat(v16).as("providers removed in 18 still have rules in 16").containsKeys("payment_ogone", "payment_sips");
        assertThat(v18).as("providers removed in 18").doesNotContainKeys("payment_ogone", "payment_sips", "payment_alipay");
        assertThat(v18).as("18-only modules").containsKeys("payment_worldline", "certificate", "cloud_storage_azure");
        assertThat(v16).doesNotContainKeys("payment_worldline", "certificate", "pos_paytm", "website_cf_turnstile");
        assertThat(text("18.0", "payment_paypal")).contains("paypal_client_secret");
    }

    @Test
    void regeneratedUuidIsTimeBasedLikeOdoos() {
        UUID u = UUID.fromString(Neutralizer.uuid1());
        assertThat(u.version()).as("version 1, like Python's uuid.uuid1()").isEqualTo(1);
        assertThat(u.variant()).isEqualTo(2);
        assertThat(Neutralizer.uuid1()).isNotEqualTo(Neutralizer.uuid1());
    }

    @Test
    void secretConfigurationKeysAreRecognised() {
        assertThat(List.of("database.secret", "google_gmail_client_secret", "custom.wms_api_token", "recaptcha_private_key",
                "database.enterprise_code", "cloud_storage_google_account_info", "mail.sfu_server_key"))
                .allMatch(Neutralizer::isSecretKey);
        assertThat(List.of("web.base.url", "report.url", "database.uuid", "database.is_neutralized", "mail.catchall.domain"))
                .noneMatch(Neutralizer::isSecretKey);
    }

    private static Map<String, String> sources(String series) {
        return Rules.odooModules(series).stream().collect(Collectors.toMap(Rules.Rule::module, Rules.Rule::source));
    }

    private static String text(String series, String module) {
        return Rules.odooModules(series).stream().filter(r -> r.module().equals(module)).findFirst().orElseThrow()
                .script().statements().stream().map(SqlScript.Statement::sql).collect(Collectors.joining(";\n"));
    }
}
