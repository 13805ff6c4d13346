package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.odoorelease.engine.result.AnonymizationReport;

/**
 * Rules resolved against one database's catalog: which apply (per table), which are skipped because
 * their table or column is absent, and which are wrong for the column they name (an error: a
 * misconfigured rule must not silently leave personal data in place).
 */
final class RulePlan {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** One applicable column rule. */
    record ColumnPlan(AnonymizationRule rule, Catalog.Column column) {
    }

    /** The work on one table: an optional delete, then the column rules. */
    record TablePlan(Catalog.Table table, AnonymizationRule delete, List<ColumnPlan> columns) {
    }

    private final Map<String, TablePlan> tables;
    private final List<AnonymizationReport.SkippedRule> skipped;

    private RulePlan(Map<String, TablePlan> tables, List<AnonymizationReport.SkippedRule> skipped) {
        this.tables = tables;
        this.skipped = skipped;
    }

    static RulePlan resolve(Catalog catalog, AnonymizationRules rules) {
        Map<String, AnonymizationRule> deletes = new LinkedHashMap<>();
        Map<String, List<ColumnPlan>> columns = new LinkedHashMap<>();
        List<AnonymizationReport.SkippedRule> skipped = new ArrayList<>();
        for (AnonymizationRule r : rules.rules()) {
            if (r.strategy() == Strategy.KEEP) {
                continue;
            }
            Catalog.Table t = catalog.table(r.table());
            if (t == null) {
                skipped.add(new AnonymizationReport.SkippedRule(r.key(), r.strategy().id(), r.origin(), "table " + r.table() + " does not exist"));
                continue;
            }
            if (r.tableRule()) {
                deletes.put(r.table(), r);
                continue;
            }
            Catalog.Column c = t.columns().get(r.column());
            if (c == null) {
                skipped.add(new AnonymizationReport.SkippedRule(r.key(), r.strategy().id(), r.origin(),
                        "column " + r.column() + " does not exist in " + r.table()));
                continue;
            }
            check(r, c, t);
            columns.computeIfAbsent(r.table(), k -> new ArrayList<>()).add(new ColumnPlan(r, c));
        }
        Map<String, TablePlan> plans = new LinkedHashMap<>();
        for (String table : catalog.tables().keySet()) {
            AnonymizationRule d = deletes.get(table);
            List<ColumnPlan> cs = columns.getOrDefault(table, List.of());
            if (d != null && d.where() == null && !cs.isEmpty()) {
                for (ColumnPlan cp : cs) {
                    skipped.add(new AnonymizationReport.SkippedRule(cp.rule().key(), cp.rule().strategy().id(), cp.rule().origin(),
                            "every row of " + table + " is deleted"));
                }
                cs = List.of();
            }
            if (d != null || !cs.isEmpty()) {
                plans.put(table, new TablePlan(catalog.table(table), d, List.copyOf(cs)));
            }
        }
        return new RulePlan(plans, skipped);
    }

    /** Throws when a rule cannot work on the column it names. */
    static void check(AnonymizationRule r, Catalog.Column c, Catalog.Table t) {
        Strategy s = r.strategy();
        String problem = switch (s) {
            case PSEUDONYM -> c.text() || c.date() ? null : "pseudonym needs a text or date column";
            case EMAIL, PHONE, DIGITS, IBAN, HTML, PASSWORD -> c.text() ? null : s.id() + " needs a text column";
            case JSONB -> c.json() ? null : "jsonb needs a jsonb column";
            case NULL -> c.notNull() ? "the column is NOT NULL" : null;
            default -> null;
        };
        if (problem == null && needsId(r, c) && !t.hasIntegerId()) {
            problem = s.id() + " derives values from the row's integer id, and " + t.name() + " has no integer id column";
        }
        if (problem == null) {
            problem = placeholderProblem(r, t);
        }
        if (problem != null) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to apply anonymization rule " + r.describe()
                    + " to column " + t.name() + "." + c.name() + " (" + c.type() + "): " + problem
                    + ". Fix the rule (docs/anonymization.md) or replace it with another strategy; nothing was changed.");
        }
    }

    static boolean needsId(AnonymizationRule r, Catalog.Column c) {
        return switch (r.strategy()) {
            case PHONE, DIGITS, IBAN -> true;
            case PSEUDONYM -> c.date() || r.template() == null || r.template().contains("{id}");
            case EMAIL -> r.template() == null || r.template().contains("{id}");
            case HTML, JSONB -> r.template() != null && r.template().contains("{id}");
            default -> false;
        };
    }

    private static String placeholderProblem(AnonymizationRule r, Catalog.Table t) {
        if (r.template() == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(r.template());
        while (m.find()) {
            String p = m.group(1);
            if (p.equals("id") || p.equals("table") || p.equals("column")) {
                continue;
            }
            Catalog.Column ref = t.columns().get(p);
            if (ref == null || !ref.integer()) {
                return "template placeholder {" + p + "} is not an integer column of " + t.name()
                        + " (only ids and other integer columns may feed a pseudonym, never personal text)";
            }
        }
        return null;
    }

    Map<String, TablePlan> tables() {
        return tables;
    }

    List<AnonymizationReport.SkippedRule> skipped() {
        return skipped;
    }
}
