package dev.odoorelease.engine.internal.drift;

import dev.odoorelease.engine.result.StageCloneReport;
import dev.odoorelease.engine.result.AnonymizationReport;
import dev.odoorelease.engine.result.NeutralizationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a stage clone report says it changed on purpose, asked fact by fact: a system parameter it set, a scheduled
 * action or mail server it disabled, a column it rewrote, rows it deleted, files it unlinked.
 */
final class CloneAccounting {
    private final NeutralizationReport neutral;
    private final AnonymizationReport anon;

    CloneAccounting(StageCloneReport report) {
        this.neutral = report == null ? null : report.neutralization();
        this.anon = report == null ? null : report.anonymization();
    }

    /** Why the last stage clone made this field of this key differ, or empty when its report does not say it did. */
    Optional<String> accounts(String kind, String key, String field) {
        if (neutral == null && anon == null) {
            return Optional.empty();
        }
        String name = nameOf(key);
        if (neutral != null) {
            switch (kind) {
                case "config_parameters" -> {
                    for (NeutralizationReport.ParameterChange p : neutral.configParameters()) {
                        if (p.key().equals(key)) {
                            return Optional.of("the stage clone's neutralization " + p.change() + " this system parameter");
                        }
                    }
                }
                case "crons" -> {
                    if ("active".equals(field) && neutral.cronsDisabled().contains(name)) {
                        return Optional.of("the stage clone's neutralization disabled this scheduled action");
                    }
                }
                case "mail_servers" -> {
                    if (neutral.mailServersDisabled().stream().anyMatch(s -> s.name().equals(name)) && "active".equals(field)) {
                        return Optional.of("the stage clone's neutralization disabled this outgoing mail server");
                    }
                    if (neutral.mailCatcher() != null ? neutral.mailCatcher().name().equals(name) : isDummyServer(name)) {
                        return Optional.of("the stage clone's neutralization made it the only active outgoing mail server "
                                + (neutral.mailCatcher() != null ? "(the mail catcher)" : "(a dummy server: nothing is sent)"));
                    }
                }
                case "incoming_mail_servers" -> {
                    if ("active".equals(field) && neutral.fetchmailServersDisabled().stream().anyMatch(s -> s.name().equals(name))) {
                        return Optional.of("the stage clone's neutralization disabled this incoming mail server");
                    }
                }
                default -> {
                }
            }
        }
        String table = DriftKinds.table(kind);
        if (table == null) {
            return Optional.empty();
        }
        List<String> columns = DriftKinds.columns(kind, field);
        if (neutral != null) {
            for (NeutralizationReport.TableChange t : neutral.tables()) {
                if (!t.table().equals(table)) {
                    continue;
                }
                for (NeutralizationReport.Action a : t.actions()) {
                    boolean rowsChanged = "exists".equals(field) || a.columns().isEmpty();
                    if (rowsChanged || a.columns().stream().anyMatch(columns::contains)) {
                        return Optional.of("the stage clone's neutralization did " + a.operation().toLowerCase(Locale.ROOT)
                                + (a.columns().isEmpty() ? "" : " " + String.join(", ", a.columns())) + " on " + table + " (" + a.source() + ")");
                    }
                }
            }
        }
        if (anon != null) {
            for (AnonymizationReport.ColumnResult r : anon.columns()) {
                if (r.table().equals(table) && columns.contains(r.column()) && r.rows() > 0) {
                    return Optional.of("the stage clone anonymized " + table + "." + r.column() + " (" + r.strategy() + ", " + r.origin() + ")");
                }
            }
            if ("exists".equals(field)) {
                for (AnonymizationReport.Deletion d : anon.deletions()) {
                    if (d.table().equals(table) && d.rows() > 0) {
                        return Optional.of("the stage clone's anonymization deleted rows of " + table + " (" + d.origin() + ")");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Rows of {@code table} the stage clone deleted (neutralization and anonymization), with what deleted them. */
    Deleted deleted(String table) {
        long rows = 0;
        List<String> by = new ArrayList<>();
        if (neutral != null) {
            Long n = neutral.rowsDeleted().get(table);
            if (n != null && n > 0) {
                rows += n;
                by.add("neutralization " + n);
            }
        }
        if (anon != null) {
            for (AnonymizationReport.Deletion d : anon.deletions()) {
                if (d.table().equals(table) && d.rows() > 0) {
                    rows += d.rows();
                    by.add("anonymization " + d.rows() + " (" + d.origin() + ")");
                }
            }
            if ("ir_attachment".equals(table)) {
                for (AnonymizationReport.AttachmentResult a : anon.attachments()) {
                    if ("drop".equals(a.action()) && a.rows() > 0) {
                        rows += a.rows();
                        by.add("attachment rule " + a.model() + " " + a.rows());
                    }
                }
            }
        }
        return new Deleted(rows, String.join(", ", by));
    }

    /** Whether the stage clone added or removed rows of {@code table} (so its count differs on purpose). */
    boolean changedRows(String table) {
        if (deleted(table).rows() > 0) {
            return true;
        }
        return neutral != null && neutral.tables().stream().filter(t -> t.table().equals(table)).flatMap(t -> t.actions().stream())
                .anyMatch(a -> a.rows() > 0 && List.of("INSERT", "UPSERT", "DELETE", "TRUNCATE").contains(a.operation()));
    }

    /** Whether the stage clone's attachment rules changed the copy's filestore (unlinked files, or added the empty file). */
    boolean changedFiles() {
        return anon != null && anon.attachments().stream().anyMatch(a -> a.filesUnlinked() > 0 || "blank".equals(a.action()) && a.rows() > 0);
    }

    /** Filestore files the stage clone's attachment rules unlinked from the copy. */
    long filesUnlinked() {
        return anon == null ? 0 : anon.attachments().stream().mapToLong(AnonymizationReport.AttachmentResult::filesUnlinked).sum();
    }

    /** Rows deleted from a table, and by what ("neutralization 12, anonymization 3 (builtin)"). */
    record Deleted(long rows, String by) {
    }

    /** "Mail: send #3" → "Mail: send" (keys of records carry their id). */
    static String nameOf(String key) {
        int hash = key.lastIndexOf(" #");
        return hash < 0 ? key : key.substring(0, hash);
    }

    /** The server Odoo's own neutralization inserts ("neutralization - disable emails", like the catcher's name). */
    private static boolean isDummyServer(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith("neutralization - ");
    }
}
