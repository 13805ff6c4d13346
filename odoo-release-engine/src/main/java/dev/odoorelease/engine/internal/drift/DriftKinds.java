package dev.odoorelease.engine.internal.drift;

import java.util.List;
import java.util.Map;

/** The kinds of facts, the part of the report each belongs to, and the Odoo table and columns each field comes from. */
final class DriftKinds {
    static final String ROWS = "rows";
    static final String FILESTORE = "filestore";
    static final String DEPLOYED = "deployed";

    /** Kind → the report's part: code, configuration, schema, data volume. */
    private static final Map<String, String> CATEGORY = Map.ofEntries(
            Map.entry(DEPLOYED, "code"), Map.entry("modules", "code"),
            Map.entry("config_parameters", "configuration"), Map.entry("mail_servers", "configuration"),
            Map.entry("incoming_mail_servers", "configuration"), Map.entry("crons", "configuration"),
            Map.entry("server_actions", "configuration"), Map.entry("companies", "configuration"),
            Map.entry("languages", "configuration"), Map.entry("currencies", "configuration"),
            Map.entry("users", "configuration"), Map.entry("groups", "configuration"),
            Map.entry("tables", "schema"), Map.entry("columns", "schema"), Map.entry("indexes", "schema"),
            Map.entry("constraints", "schema"), Map.entry("views", "schema"),
            Map.entry(ROWS, "data volume"), Map.entry(FILESTORE, "data volume"));

    /** Kind → the Odoo table its keys are rows of (schema kinds and volumes have none). */
    private static final Map<String, String> TABLE = Map.ofEntries(
            Map.entry("modules", "ir_module_module"), Map.entry("config_parameters", "ir_config_parameter"),
            Map.entry("mail_servers", "ir_mail_server"), Map.entry("incoming_mail_servers", "fetchmail_server"),
            Map.entry("crons", "ir_cron"), Map.entry("server_actions", "ir_act_server"), Map.entry("companies", "res_company"),
            Map.entry("languages", "res_lang"), Map.entry("currencies", "res_currency"), Map.entry("users", "res_users"),
            Map.entry("groups", "res_groups_users_rel"));

    /** Fields whose name is not the column they come from. */
    private static final Map<String, List<String>> COLUMNS = Map.of(
            "crons.interval", List.of("interval_number", "interval_type"),
            "mail_servers.host", List.of("smtp_host"), "mail_servers.port", List.of("smtp_port"),
            "incoming_mail_servers.host", List.of("server"), "server_actions.model", List.of("model_name", "model_id"),
            "users.total", List.of(), "groups.users", List.of());

    private DriftKinds() {
    }

    static String category(String kind) {
        return CATEGORY.getOrDefault(kind, "configuration");
    }

    /** The table the kind's keys are rows of, or null. */
    static String table(String kind) {
        return TABLE.get(kind);
    }

    /** The columns a field is read from (its own name unless mapped). */
    static List<String> columns(String kind, String field) {
        return COLUMNS.getOrDefault(kind + "." + field, List.of(field));
    }

    /** A readable name of the kind, singular: "scheduled action", "column"… */
    static String noun(String kind) {
        return switch (kind) {
            case "modules" -> "module";
            case "config_parameters" -> "system parameter";
            case "mail_servers" -> "outgoing mail server";
            case "incoming_mail_servers" -> "incoming mail server";
            case "crons" -> "scheduled action";
            case "server_actions" -> "server action";
            case "companies" -> "company";
            case "languages" -> "language";
            case "currencies" -> "currency";
            case "users" -> "users";
            case "groups" -> "group";
            case "tables" -> "table";
            case "columns" -> "column";
            case "indexes" -> "index";
            case "constraints" -> "constraint";
            case "views" -> "view";
            case ROWS -> "row count of";
            case FILESTORE -> "filestore";
            case DEPLOYED -> "deployed";
            default -> kind;
        };
    }

    /** The order of the report's parts. */
    static final List<String> CATEGORIES = List.of("code", "configuration", "schema", "data volume");
}
