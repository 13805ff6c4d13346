package dev.odoorelease.engine.internal.staging.anonymize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An immutable set of anonymization rules: column and table rules keyed by {@code table.column} /
 * {@code table}, and attachment rules keyed by model. {@link #merge} lets a later set add rules,
 * override rules with the same key, or {@code keep} what an earlier set would change.
 *
 * <pre>{@code
 * AnonymizationRules rules = AnonymizationRules.builtIn("17.0")
 *         .merge(AnonymizationRules.fromFile(Path.of("anonymization.yml")));
 * }</pre>
 *
 * <p>Rule file format (YAML; see docs/anonymization.md):
 * <pre>
 * version: 1
 * rules:
 *   res_partner.x_customer_iban: iban                       # short form: the strategy
 *   res_partner.x_loyalty_code: {strategy: pseudonym, template: "LOY-{id}"}
 *   res_partner.city: keep                                  # override a built-in rule
 *   res_users.login: {strategy: pseudonym, template: "user{id}", except: [admin, demo]}
 *   x_gdpr_log: delete                                      # table rule
 *   x_audit: {strategy: delete, where: "create_date &lt; '2024-01-01'"}
 * attachments:
 *   hr.employee: drop
 *   x_contract.document: blank
 *   res.partner: keep
 * </pre>
 */
public final class AnonymizationRules implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern MODEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]{0,127}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Set<String> OPTIONS = Set.of("strategy", "template", "value", "where", "except", "env");
    private static final List<String> SERIES = List.of("16.0", "17.0", "18.0");
    private static final String BUILTIN_DIR = "dev/odoorelease/engine/internal/staging/anonymize/builtin/";

    private final LinkedHashMap<String, AnonymizationRule> rules;
    private final LinkedHashMap<String, AttachmentRule> attachments;

    private AnonymizationRules(LinkedHashMap<String, AnonymizationRule> rules, LinkedHashMap<String, AttachmentRule> attachments) {
        this.rules = rules;
        this.attachments = attachments;
    }

    /** Rules made in code (key → rule), e.g. the table deletes of transient models. */
    static AnonymizationRules of(LinkedHashMap<String, AnonymizationRule> rules) {
        return new AnonymizationRules(new LinkedHashMap<>(rules), new LinkedHashMap<>());
    }

    /** No rules at all. */
    public static AnonymizationRules empty() {
        return new AnonymizationRules(new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    /**
     * The built-in rules of an Odoo series ("16.0", "17.0", "18.0"; "17" is accepted): the personal
     * and secret data of odoo-facts §4 for that series, the attachments of HR (dropped) and of
     * partners, leads and business documents (blanked), and {@code keep} rules for the columns whose
     * names look personal but are not (company contact data, colour settings, mail templates).
     */
    public static AnonymizationRules builtIn(String series) {
        String s = series == null ? "" : series.trim();
        if (s.matches("\\d+")) {
            s = s + ".0";
        }
        if (!SERIES.contains(s)) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to choose built-in anonymization rules for Odoo series '"
                    + series + "': there are rules for " + SERIES + " only. Set the environment's Odoo series to one of them, "
                    + "or start from AnonymizationRules.empty() with your own rule file.");
        }
        String origin = "built-in " + s;
        return fromYaml(resource("common.yml"), origin).merge(fromYaml(resource(s + ".yml"), origin));
    }

    private static String resource(String name) {
        try (InputStream in = AnonymizationRules.class.getClassLoader().getResourceAsStream(BUILTIN_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + BUILTIN_DIR + name + " is missing from the engine jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Unable to read " + BUILTIN_DIR + name, e);
        }
    }

    /** Reads a project rule file (YAML). */
    public static AnonymizationRules fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new OdooReleaseException(ErrorCode.NOT_FOUND, "Unable to read anonymization rules from " + file
                    + ": the file does not exist. Check the path configured for the project's rule file.", e);
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to read anonymization rules from " + file + ": " + e.getMessage() + ".", e);
        }
        return fromYaml(text, file.getFileName() == null ? file.toString() : file.getFileName().toString());
    }

    /** Parses rules from YAML text; {@code origin} names the source in reports and errors. */
    public static AnonymizationRules fromYaml(String yaml, String origin) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw bad(origin, "it is not valid YAML (" + firstLine(e.getMessage()) + ")");
        }
        LinkedHashMap<String, AnonymizationRule> rules = new LinkedHashMap<>();
        LinkedHashMap<String, AttachmentRule> attachments = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new AnonymizationRules(rules, attachments);
        }
        if (!root.isObject()) {
            throw bad(origin, "the top level must be a mapping with 'rules' and/or 'attachments'");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("version", "rules", "attachments").contains(f)) {
                throw bad(origin, "unknown top-level key '" + f + "' (known: version, rules, attachments)");
            }
        }
        JsonNode version = root.get("version");
        if (version != null && !(version.isInt() && version.asInt() == 1)) {
            throw bad(origin, "version must be 1");
        }
        JsonNode rs = root.get("rules");
        if (rs != null && !rs.isNull()) {
            if (!rs.isObject()) {
                throw bad(origin, "'rules' must be a mapping of 'table.column' or 'table' to a strategy");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = rs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                AnonymizationRule r = parseRule(e.getKey(), e.getValue(), origin);
                rules.put(r.key(), r);
            }
        }
        JsonNode as = root.get("attachments");
        if (as != null && !as.isNull()) {
            if (!as.isObject()) {
                throw bad(origin, "'attachments' must be a mapping of model names to drop, blank or keep");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = as.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String model = e.getKey();
                if (!MODEL.matcher(model).matches()) {
                    throw bad(origin, "attachment rule '" + printable(model) + "': not a model name like hr.employee");
                }
                if (!e.getValue().isTextual()) {
                    throw bad(origin, "attachment rule '" + model + "': the action must be drop, blank or keep");
                }
                AttachmentRule.Action action = AttachmentRule.Action.parse(e.getValue().asText()).orElseThrow(() -> bad(origin,
                        "attachment rule '" + model + "': unknown action '" + printable(e.getValue().asText()) + "' (known: drop, blank, keep)"));
                attachments.put(model, new AttachmentRule(model, action, origin));
            }
        }
        return new AnonymizationRules(rules, attachments);
    }

    private static AnonymizationRule parseRule(String key, JsonNode node, String origin) {
        String[] parts = key.split("\\.", -1);
        if (parts.length > 2 || !IDENTIFIER.matcher(parts[0]).matches() || (parts.length == 2 && !IDENTIFIER.matcher(parts[1]).matches())) {
            throw bad(origin, "rule '" + printable(key) + "': the key must be 'table.column' or 'table' (letters, digits, '_')");
        }
        String table = parts[0];
        String column = parts.length == 2 ? parts[1] : null;
        String strategyName;
        Map<String, JsonNode> opts = new LinkedHashMap<>();
        if (node.isTextual()) {
            strategyName = node.asText();
        } else if (node.isNull()) {
            strategyName = "null"; // YAML reads an unquoted null as no value
            if (column == null) {
                throw bad(origin, "rule '" + key + "': a table rule must be delete or keep; for a column write 'table.column'");
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!OPTIONS.contains(e.getKey())) {
                    throw bad(origin, "rule '" + key + "': unknown option '" + printable(e.getKey()) + "' (known: " + OPTIONS + ")");
                }
                opts.put(e.getKey(), e.getValue());
            }
            JsonNode s = opts.get("strategy");
            if (s == null || !s.isTextual()) {
                throw bad(origin, "rule '" + key + "': 'strategy' is missing");
            }
            strategyName = s.asText();
        } else {
            throw bad(origin, "rule '" + key + "': give a strategy name or a mapping with 'strategy'");
        }
        Strategy strategy = Strategy.parse(strategyName).orElseThrow(() -> bad(origin, "rule '" + key + "': unknown strategy '"
                + printable(strategyName) + "' (known: pseudonym, email, phone, digits, iban, fixed, null, html, jsonb, password, delete, keep)"));
        if (column == null && !strategy.tableLevel()) {
            throw bad(origin, "rule '" + key + "': a table rule must be delete or keep; for a column write 'table.column'");
        }
        if (column != null && !strategy.columnLevel()) {
            throw bad(origin, "rule '" + key + "': " + strategy.id() + " is a table rule; write the table name alone");
        }
        String template = text(opts, "template", key, origin);
        String value = text(opts, "value", key, origin);
        String where = text(opts, "where", key, origin);
        String env = text(opts, "env", key, origin);
        List<String> except = new ArrayList<>();
        JsonNode ex = opts.get("except");
        if (ex != null) {
            if (!ex.isArray()) {
                throw bad(origin, "rule '" + key + "': 'except' must be a list of values");
            }
            ex.forEach(v -> {
                if (!v.isValueNode() || v.isNull()) {
                    throw bad(origin, "rule '" + key + "': 'except' must list plain values");
                }
                except.add(v.asText());
            });
        }
        if (strategy == Strategy.FIXED && value == null) {
            throw bad(origin, "rule '" + key + "': a fixed rule needs 'value'");
        }
        if (value != null && strategy != Strategy.FIXED) {
            throw bad(origin, "rule '" + key + "': 'value' is for fixed rules"
                    + (strategy == Strategy.PASSWORD ? "; a staging password is read from an environment variable ('env'), never from the file" : ""));
        }
        if (template != null && !Set.of(Strategy.PSEUDONYM, Strategy.EMAIL, Strategy.HTML, Strategy.JSONB).contains(strategy)) {
            throw bad(origin, "rule '" + key + "': 'template' is for pseudonym, email, html and jsonb rules");
        }
        if (env != null && strategy != Strategy.PASSWORD) {
            throw bad(origin, "rule '" + key + "': 'env' is for password rules");
        }
        if (env != null && !env.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw bad(origin, "rule '" + key + "': 'env' must be an environment variable name");
        }
        if (where != null && (where.contains(";") || where.contains("--") || where.contains("/*"))) {
            throw bad(origin, "rule '" + key + "': 'where' must be one SQL condition, without ';' or comments");
        }
        if (where != null && strategy == Strategy.KEEP) {
            throw bad(origin, "rule '" + key + "': keep takes no 'where'");
        }
        if (!except.isEmpty() && Set.of(Strategy.KEEP, Strategy.DELETE, Strategy.PASSWORD).contains(strategy)) {
            throw bad(origin, "rule '" + key + "': 'except' is for value rules");
        }
        if (template != null) {
            checkTemplate(template, strategy, key, origin);
        }
        return new AnonymizationRule(table, column, strategy, template, value, where, except, env, origin);
    }

    private static void checkTemplate(String template, Strategy strategy, String key, String origin) {
        var m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!IDENTIFIER.matcher(m.group(1)).matches()) {
                throw bad(origin, "rule '" + key + "': template placeholder {" + printable(m.group(1))
                        + "} must be {id}, {table}, {column} or the name of an integer column");
            }
        }
        String rest = PLACEHOLDER.matcher(template).replaceAll("");
        if (rest.contains("{") || rest.contains("}")) {
            throw bad(origin, "rule '" + key + "': unbalanced '{' or '}' in the template");
        }
        if (strategy == Strategy.JSONB && (template.contains("\"") || template.contains("\\"))) {
            throw bad(origin, "rule '" + key + "': a jsonb template cannot contain '\"' or '\\'");
        }
    }

    private static String text(Map<String, JsonNode> opts, String name, String key, String origin) {
        JsonNode n = opts.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode()) {
            throw bad(origin, "rule '" + key + "': '" + name + "' must be a plain value");
        }
        return n.asText();
    }

    private static OdooReleaseException bad(String origin, String reason) {
        return new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to read anonymization rules from " + origin + ": "
                + reason + ". Fix the rule file (format: docs/anonymization.md).");
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static String printable(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /**
     * These rules with {@code other}'s on top: a rule of {@code other} replaces the rule with the
     * same key (so {@code keep} switches a rule off); a table {@code keep} or unconditional
     * {@code delete} of {@code other} also replaces this set's column rules of that table.
     */
    public AnonymizationRules merge(AnonymizationRules other) {
        LinkedHashMap<String, AnonymizationRule> r = new LinkedHashMap<>(rules);
        for (AnonymizationRule o : other.rules.values()) {
            if (o.tableRule() && (o.strategy() == Strategy.KEEP || (o.strategy() == Strategy.DELETE && o.where() == null))) {
                r.values().removeIf(x -> x.table().equals(o.table()) && !x.tableRule());
            }
            r.remove(o.key());
            r.put(o.key(), o);
        }
        LinkedHashMap<String, AttachmentRule> a = new LinkedHashMap<>(attachments);
        for (AttachmentRule o : other.attachments.values()) {
            a.remove(o.model());
            a.put(o.model(), o);
        }
        return new AnonymizationRules(r, a);
    }

    /** Only the rules of these tables (and no attachment rules unless ir_attachment is among them). */
    public AnonymizationRules onlyTables(Collection<String> tables) {
        LinkedHashMap<String, AnonymizationRule> r = new LinkedHashMap<>();
        rules.forEach((k, v) -> {
            if (tables.contains(v.table())) {
                r.put(k, v);
            }
        });
        return new AnonymizationRules(r, tables.contains("ir_attachment") ? new LinkedHashMap<>(attachments) : new LinkedHashMap<>());
    }

    /** Column and table rules, in file order (built-in first). */
    public List<AnonymizationRule> rules() {
        return List.copyOf(rules.values());
    }

    public List<AttachmentRule> attachments() {
        return List.copyOf(attachments.values());
    }

    /** The rule of {@code table.column} (not table rules). */
    public Optional<AnonymizationRule> rule(String table, String column) {
        return Optional.ofNullable(rules.get(table + "." + column));
    }

    /** The table rule (delete/keep) of {@code table}. */
    public Optional<AnonymizationRule> tableRule(String table) {
        return Optional.ofNullable(rules.get(table));
    }

    public Optional<AttachmentRule> attachment(String model) {
        return Optional.ofNullable(attachments.get(model));
    }

    @Override
    public String toString() {
        return "AnonymizationRules[" + rules.size() + " rules, " + attachments.size() + " attachment rules]";
    }
}
