package dev.odoorelease.engine.internal.drift;

import dev.odoorelease.engine.result.DriftReport.Classification;
import dev.odoorelease.engine.result.DriftReport.Difference;
import dev.odoorelease.engine.result.DriftReport.Volume;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Compares the facts of a source and a target and classifies each difference: {@link Classification#DELIBERATE} when
 * the target's last stage clone report accounts for it (and the target still has the value the clone left, when the
 * clone recorded it), else {@link Classification#DRIFT}, with a sentence saying who changed what.
 */
final class DriftComparison {
    private static final String EXISTS = "exists";

    private final String sourceName;
    private final String targetName;
    private final Facts source;
    private final Facts target;
    private final Facts baseline;
    private final CloneAccounting accounting;
    private final boolean haveReport;
    private final List<Difference> differences = new ArrayList<>();
    private final List<Volume> volumes = new ArrayList<>();

    /**
     * @param baseline   the target's facts right after its last stage clone, or null when unknown
     * @param accounting what that clone's report says it changed
     * @param haveReport whether a stage clone report was found at all
     */
    DriftComparison(String sourceName, String targetName, Facts source, Facts target, Facts baseline, CloneAccounting accounting,
                    boolean haveReport) {
        this.sourceName = sourceName;
        this.targetName = targetName;
        this.source = source;
        this.target = target;
        this.baseline = baseline;
        this.accounting = accounting;
        this.haveReport = haveReport;
    }

    List<Difference> differences() {
        return differences;
    }

    List<Volume> volumes() {
        return volumes;
    }

    DriftComparison run() {
        TreeSet<String> kinds = new TreeSet<>(source.kinds().keySet());
        kinds.retainAll(target.kinds().keySet());
        for (String kind : kinds) {
            if (kind.equals(DriftKinds.ROWS) || kind.equals(DriftKinds.FILESTORE)) {
                continue;
            }
            compareKind(kind);
        }
        compareRows();
        compareFilestore();
        differences.sort(Comparator.comparing((Difference d) -> d.classification() == Classification.DRIFT ? 0 : 1)
                .thenComparing(d -> DriftKinds.CATEGORIES.indexOf(d.category()))
                .thenComparing(Difference::kind).thenComparing(Difference::key).thenComparing(Difference::field));
        return this;
    }

    private void compareKind(String kind) {
        Map<String, Map<String, String>> s = source.of(kind);
        Map<String, Map<String, String>> t = target.of(kind);
        boolean baselineKnown = baseline != null && baseline.has(kind);
        Map<String, Map<String, String>> b = baselineKnown ? baseline.of(kind) : Map.of();
        TreeSet<String> keys = new TreeSet<>(s.keySet());
        keys.addAll(t.keySet());
        keys.addAll(b.keySet());
        for (String key : keys) {
            Map<String, String> sv = s.get(key);
            Map<String, String> tv = t.get(key);
            Map<String, String> bv = b.get(key);
            if (sv == null || tv == null) {
                String sx = sv == null ? null : describe(sv);
                String tx = tv == null ? null : describe(tv);
                String bx = bv == null ? null : describe(bv);
                if (sv == null && tv == null) {
                    // only the baseline had it: the target removed what the clone had put there
                    add(kind, key, EXISTS, null, null, bx, baselineKnown, true);
                } else {
                    add(kind, key, EXISTS, sx, tx, bx, baselineKnown, bv == null ? tv != null : tv == null);
                }
                continue;
            }
            TreeSet<String> fields = new TreeSet<>(sv.keySet());
            fields.addAll(tv.keySet());
            for (String field : fields) {
                String a = sv.get(field);
                String c = tv.get(field);
                String atRefresh = bv == null ? null : bv.get(field);
                boolean targetChanged = baselineKnown && bv != null && !sameValue(kind, field, atRefresh, c);
                if (!sameValue(kind, field, a, c) || targetChanged) {
                    add(kind, key, field, a, c, atRefresh, baselineKnown && bv != null, targetChanged);
                }
            }
        }
    }

    /**
     * Records one difference. {@code targetChanged}: the target's value is not the one its last refresh left (only
     * meaningful with a known baseline).
     */
    private void add(String kind, String key, String field, String sv, String tv, String atRefresh, boolean baselineKnown,
                     boolean targetChanged) {
        Optional<String> why = accounting.accounts(kind, key, field);
        Classification c;
        String explanation;
        String what = DriftKinds.noun(kind) + " " + key + (EXISTS.equals(field) ? "" : " (" + field + ")");
        if (why.isPresent() && !(baselineKnown && targetChanged)) {
            c = Classification.DELIBERATE;
            explanation = capitalize(why.get()) + ".";
        } else {
            c = Classification.DRIFT;
            StringBuilder e = new StringBuilder();
            if (EXISTS.equals(field) && sv == null && tv == null) {
                e.append("The ").append(what).append(" was removed from ").append(targetName).append(" since its last refresh, and ")
                        .append(sourceName).append(" has none either");
            } else if (EXISTS.equals(field)) {
                e.append("The ").append(what).append(" exists only on ").append(sv == null ? targetName : sourceName);
            } else {
                e.append("The ").append(what).append(" differs");
            }
            if (baselineKnown) {
                e.append(targetChanged ? "; " + targetName + " changed it since its last refresh"
                        + (atRefresh == null ? "" : " (it was " + shown(atRefresh) + " then)")
                        : "; " + targetName + " still has it as its last refresh left it, so " + sourceName + " changed since");
            } else if (!haveReport) {
                e.append("; no stage clone report of ").append(targetName).append(" accounts for it");
            } else {
                e.append("; the last stage clone's report does not account for it");
            }
            why.ifPresent(w -> e.append(" (").append(w).append(", but ").append(targetName).append(" changed it since)"));
            explanation = e.append(".").toString();
        }
        differences.add(new Difference(DriftKinds.category(kind), kind, key, field, shown(sv), shown(tv), shown(atRefresh), c, explanation));
    }

    private void compareRows() {
        TreeSet<String> tables = new TreeSet<>(source.of(DriftKinds.ROWS).keySet());
        tables.addAll(target.of(DriftKinds.ROWS).keySet());
        for (String table : tables) {
            Long s = number(source.value(DriftKinds.ROWS, table, "rows"));
            Long t = number(target.value(DriftKinds.ROWS, table, "rows"));
            Long b = baseline == null ? null : number(baseline.value(DriftKinds.ROWS, table, "rows"));
            CloneAccounting.Deleted deleted = accounting.deleted(table);
            volumes.add(new Volume(table, s, t, b, b == null ? null : b + deleted.rows()));
            compareCount(DriftKinds.ROWS, table, "rows", s, t, b, deleted.rows(), accounting.changedRows(table),
                    deleted.rows() > 0 ? "the stage clone deleted " + deleted.rows() + " row(s) of " + table + " (" + deleted.by() + ")"
                            : "the stage clone's neutralization added rows to " + table);
        }
    }

    private void compareFilestore() {
        if (!source.has(DriftKinds.FILESTORE) || !target.has(DriftKinds.FILESTORE)) {
            return;
        }
        Long sf = number(source.value(DriftKinds.FILESTORE, "filestore", "files"));
        Long tf = number(target.value(DriftKinds.FILESTORE, "filestore", "files"));
        Long bf = baseline == null ? null : number(baseline.value(DriftKinds.FILESTORE, "filestore", "files"));
        long unlinked = accounting.filesUnlinked();
        volumes.add(new Volume("filestore files", sf, tf, bf, bf == null ? null : bf + unlinked));
        boolean filesDeliberate = compareCount(DriftKinds.FILESTORE, "filestore", "files", sf, tf, bf, unlinked, accounting.changedFiles(),
                "the stage clone's attachment rules unlinked " + unlinked + " file(s) no row of the copy used any more"
                        + " (and blanked attachments share the empty file)");
        Long sb = number(source.value(DriftKinds.FILESTORE, "filestore", "bytes"));
        Long tb = number(target.value(DriftKinds.FILESTORE, "filestore", "bytes"));
        Long bb = baseline == null ? null : number(baseline.value(DriftKinds.FILESTORE, "filestore", "bytes"));
        volumes.add(new Volume("filestore bytes", sb, tb, bb, null));
        if (!Objects.equals(sb, tb) || (bb != null && !Objects.equals(bb, tb))) {
            boolean targetChanged = bb != null && !Objects.equals(bb, tb);
            if (filesDeliberate && !Objects.equals(sf, tf) && !targetChanged) {
                differences.add(new Difference("data volume", DriftKinds.FILESTORE, "filestore", "bytes", str(sb), str(tb), str(bb),
                        Classification.DELIBERATE, "The files the stage clone's attachment rules unlinked."));
            } else {
                differences.add(new Difference("data volume", DriftKinds.FILESTORE, "filestore", "bytes", str(sb), str(tb), str(bb),
                        Classification.DRIFT, "The filestores differ in size" + change(tb, bb, sb, null) + "."));
            }
        }
    }

    /**
     * A count that differs: deliberate when the target still has what its refresh left (when that is known) and either
     * the source has exactly {@code accounted} more (what the clone removed) or the clone changed these rows
     * ({@code changedByClone}) and the target is unchanged since; else drift saying who changed by how much. Returns
     * whether it was deliberate (or equal).
     */
    private boolean compareCount(String kind, String key, String field, Long s, Long t, Long b, long accounted, boolean changedByClone,
                                 String because) {
        boolean targetChanged = b != null && !Objects.equals(b, t);
        if (Objects.equals(s, t) && !targetChanged) {
            return true;
        }
        if (!targetChanged && s != null && t != null && accounted > 0 && s - t == accounted) {
            differences.add(new Difference(DriftKinds.category(kind), kind, key, field, str(s), str(t), str(b), Classification.DELIBERATE,
                    capitalize(because) + "."));
            return true;
        }
        if (!targetChanged && b != null && changedByClone) {
            // what the clone added and removed is not always counted exactly (an insert beside deletes, a shared empty file):
            // staging as its refresh left it, on a table the clone changed, is the clone's difference
            differences.add(new Difference(DriftKinds.category(kind), kind, key, field, str(s), str(t), str(b), Classification.DELIBERATE,
                    capitalize(because) + "; " + targetName + " is unchanged since its refresh (a change of " + sourceName
                            + " since then is not told apart here)."));
            return true;
        }
        Long sourceAtRefresh = b == null ? null : b + accounted;
        String what = DriftKinds.ROWS.equals(kind) ? "The row count of " + key : "The filestore's file count";
        StringBuilder e = new StringBuilder(what).append(" differs").append(change(t, b, s, sourceAtRefresh));
        if (accounted > 0) {
            e.append("; ").append(because);
        }
        if (b == null) {
            e.append(haveReport ? "; the last stage clone did not record it, so who changed is unknown"
                    : "; no stage clone report of " + targetName + " accounts for it");
        }
        differences.add(new Difference(DriftKinds.category(kind), kind, key, field, str(s), str(t), str(b), Classification.DRIFT,
                e.append(".").toString()));
        return false;
    }

    private String change(Long t, Long b, Long s, Long sourceAtRefresh) {
        StringBuilder e = new StringBuilder();
        if (t != null && b != null && !t.equals(b)) {
            e.append(": ").append(targetName).append(" ").append(signed(t - b)).append(" since its last refresh");
        }
        if (s != null && sourceAtRefresh != null && !s.equals(sourceAtRefresh)) {
            e.append(e.length() == 0 ? ": " : ", ").append(sourceName).append(" ").append(signed(s - sourceAtRefresh)).append(" since then");
        }
        return e.toString();
    }

    private static String signed(long n) {
        return n >= 0 ? "+" + n : Long.toString(n);
    }

    private static Long number(String v) {
        try {
            return v == null ? null : Long.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String str(Long v) {
        return v == null ? null : v.toString();
    }

    /**
     * Values equal; SQL that PostgreSQL deparsed (index, constraint and view definitions, column defaults) equal but for
     * casts and parentheses, which a dump and restore spell differently for the same expression; or both secrets whose
     * hashes cannot be compared across runs (a baseline's).
     */
    private static boolean sameValue(String kind, String field, String a, String b) {
        if (Objects.equals(a, b)) {
            return true;
        }
        if (a != null && b != null && DEPARSED.contains(kind + "." + field)) {
            return deparsed(a).equals(deparsed(b));
        }
        return a != null && b != null && a.startsWith(FactReader.SECRET_PREFIX) && b.startsWith(FactReader.SECRET_PREFIX)
                && (a.equals(FactReader.SECRET_PREFIX + "baseline)") || b.equals(FactReader.SECRET_PREFIX + "baseline)"));
    }

    private static final java.util.Set<String> DEPARSED = java.util.Set.of("indexes.definition", "constraints.definition",
            "views.definition", "columns.default");
    private static final java.util.regex.Pattern CAST = java.util.regex.Pattern.compile(
            "::(\"[^\"]+\"|[a-z_][a-z0-9_]*( varying| precision| without time zone| with time zone)?(\\([0-9, ]+\\))?)(\\[\\])*");

    /** Deparsed SQL without casts, parentheses and blanks: "((state)::text = ANY (ARRAY[('a'::varchar)::text]))" → "state=ANYARRAY['a']". */
    static String deparsed(String sql) {
        return CAST.matcher(sql).replaceAll("").replaceAll("[()\\s]", "");
    }

    /** A value as the report shows it: secrets only as {@code (secret)}. */
    private static String shown(String v) {
        return v != null && v.startsWith(FactReader.SECRET_PREFIX) ? "(secret)" : v;
    }

    private static String describe(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(shown(v)));
        return b.toString();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
