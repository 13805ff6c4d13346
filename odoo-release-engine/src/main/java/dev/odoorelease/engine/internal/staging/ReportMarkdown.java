package dev.odoorelease.engine.internal.staging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.engine.internal.state.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import dev.odoorelease.engine.result.StageCloneReport;
import dev.odoorelease.engine.result.VerificationCheck;

/**
 * Renders a {@link StageCloneReport} for people: a summary, the verification results, then every
 * section of the neutralization and anonymization reports as tables, generically from their JSON
 * (so a new field in a report shows up without touching this class).
 */
final class ReportMarkdown {
    private ReportMarkdown() {
    }

    static String render(StageCloneReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Stage clone ").append(r.operationId()).append(": ").append(r.source()).append(" → ").append(r.target())
                .append("\n\n");
        sb.append("| | |\n|---|---|\n");
        row(sb, "status", r.status());
        row(sb, "copied from", r.copiedFrom());
        row(sb, "copy method", r.copyMethod());
        row(sb, "started", r.startedAt());
        row(sb, "filestore files", String.valueOf(r.filestoreFiles()));
        if (r.phaseMillis() != null) {
            for (Map.Entry<String, Long> e : r.phaseMillis().entrySet()) {
                row(sb, "time: " + e.getKey(), String.format(java.util.Locale.ROOT, "%.1f s", e.getValue() / 1000.0));
            }
        }
        if (r.error() != null) {
            row(sb, "error", r.error());
        }
        sb.append("\nThis staging database is production's data with the deliberate differences below: "
                + "nothing else was changed.\n");
        if (r.verification() != null) {
            sb.append("\n## Verification (fail closed)\n\n| check | result | expected | seen |\n|---|---|---|---|\n");
            for (VerificationCheck c : r.verification()) {
                sb.append("| ").append(esc(c.name())).append(" | ").append(c.passed() ? "pass" : "**FAIL**").append(" | ")
                        .append(esc(c.expected())).append(" | ").append(esc(c.actual())).append(" |\n");
            }
        }
        if (r.uncoveredPersonalColumns() != null && !r.uncoveredPersonalColumns().isEmpty()) {
            sb.append("\n## Personal-looking columns no rule covers (policy: ").append(r.piiPolicy()).append(")\n\n");
            sb.append("| table.column | type | why it looks personal | rule to add |\n|---|---|---|---|\n");
            for (var p : r.uncoveredPersonalColumns()) {
                sb.append("| ").append(esc(p.key())).append(" | ").append(esc(p.type())).append(" | ").append(esc(p.reason()))
                        .append(" | `").append(esc(p.rule())).append("` |\n");
            }
            sb.append("\nRules that cover them (add to the project's anonymization rule file; `keep` a column that holds no "
                    + "personal data):\n\n```yaml\n").append(dev.odoorelease.engine.internal.staging.anonymize.PiiCoverage.yaml(
                    r.uncoveredPersonalColumns())).append("```\n");
        }
        if (r.neutralization() != null) {
            sb.append("\n## Neutralization\n\n");
            section(sb, Json.MAPPER.valueToTree(r.neutralization()));
        }
        if (r.anonymization() != null) {
            sb.append("\n## Anonymization\n\n");
            section(sb, Json.MAPPER.valueToTree(r.anonymization()));
        }
        return sb.toString();
    }

    private static void section(StringBuilder sb, JsonNode node) {
        if (node.isArray()) {
            table(sb, node);
            return;
        }
        List<String> scalars = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        List<Map.Entry<String, JsonNode>> nested = new ArrayList<>();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isValueNode()) {
                scalars.add("- " + e.getKey() + ": " + e.getValue().asText());
            } else {
                nested.add(e);
            }
        }
        scalars.forEach(s -> sb.append(s).append('\n'));
        for (Map.Entry<String, JsonNode> e : nested) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            sb.append("\n**").append(e.getKey()).append("**\n\n");
            if (e.getValue().isArray()) {
                table(sb, e.getValue());
            } else {
                section(sb, e.getValue());
            }
        }
    }

    private static void table(StringBuilder sb, JsonNode array) {
        if (array.isEmpty()) {
            sb.append("(none)\n");
            return;
        }
        if (!array.get(0).isObject()) {
            for (JsonNode v : array) {
                sb.append("- ").append(esc(v.isValueNode() ? v.asText() : v.toString())).append('\n');
            }
            return;
        }
        List<String> cols = new ArrayList<>();
        for (JsonNode row : array) {
            row.fieldNames().forEachRemaining(f -> {
                if (!cols.contains(f)) {
                    cols.add(f);
                }
            });
        }
        sb.append("| ").append(String.join(" | ", cols)).append(" |\n|").append("---|".repeat(cols.size())).append('\n');
        for (JsonNode row : array) {
            sb.append("| ");
            for (String c : cols) {
                JsonNode v = row.get(c);
                sb.append(v == null || v.isNull() ? "" : esc(v.isValueNode() ? v.asText() : v.toString())).append(" | ");
            }
            sb.append('\n');
        }
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("| ").append(k).append(" | ").append(esc(v)).append(" |\n");
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
