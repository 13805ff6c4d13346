package dev.odoorelease.engine.result;

import dev.odoorelease.engine.internal.drift.DriftMarkdown;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * How far a target (staging) has drifted from its source (production): every fact that differs, each classified
 * {@link Classification#DELIBERATE} (the target's last stage clone report accounts for it) or {@link Classification#DRIFT},
 * with why. Jackson writes it as JSON ({@code Json.write(report)}); {@link #toMarkdown()} renders it for people. It holds
 * no secret value (secret system parameters show as {@code (secret)}) and no personal data (counts, names of
 * configuration records, schema).
 *
 * @param source      the source environment (production)
 * @param target      the target environment (staging)
 * @param generatedAt when the facts were read (ISO-8601)
 * @param age         when the target was last refreshed, from which point in time of the source, and whether that is
 *                    past the target's {@code maxAge}
 * @param deployed    what odoo-release deployed on each side (image, image id, commit)
 * @param differences every difference, drift first, then by part (code, configuration, schema, data volume)
 * @param volumes     row counts of the largest tables and the filestores, with their change since the last refresh
 * @param compared    how many facts of each kind were compared (the union of both sides' keys)
 * @param elapsedMs   how long reading and comparing took
 */
public record DriftReport(String source, String target, String generatedAt, Age age, List<Deployed> deployed,
                          List<Difference> differences, List<Volume> volumes, Map<String, Integer> compared, long elapsedMs)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public DriftReport {
        deployed = List.copyOf(deployed);
        differences = List.copyOf(differences);
        volumes = List.copyOf(volumes);
        compared = Map.copyOf(compared);
    }

    /** How a difference came about. */
    public enum Classification {
        /** The target's last stage clone made it on purpose (neutralization, anonymization), as its report lists. */
        DELIBERATE,
        /** Nothing accounts for it: the target (or the source) changed since the refresh, or no refresh report exists. */
        DRIFT
    }

    /**
     * One fact that differs.
     *
     * @param category       code, configuration, schema, data volume
     * @param kind           the kind of fact: modules, config_parameters, crons, columns, rows, filestore…
     * @param key            which one: a module, {@code "Mail: send #3"} (a record's name and id), {@code table.column}
     * @param field          what of it: state, active, interval, type…; {@code exists} when it is on one side only
     * @param sourceValue    the value on the source ({@code null}: absent there)
     * @param targetValue    the value on the target ({@code null}: absent there)
     * @param atRefresh      the target's value right after its last refresh ({@code null}: absent or unknown)
     * @param classification deliberate or drift
     * @param explanation    why, in a sentence
     */
    public record Difference(String category, String kind, String key, String field, String sourceValue, String targetValue,
                             String atRefresh, Classification classification, String explanation) implements Serializable {
        private static final long serialVersionUID = 1L;

        public boolean drift() {
            return classification == Classification.DRIFT;
        }
    }

    /**
     * The target's last refresh.
     *
     * @param refreshedAt       when the last stage clone into the target started, or null when none is known
     * @param refreshOperation  its operation id, or null
     * @param copiedFrom        {@code "live production"} or {@code "snapshot <id>"}, or null
     * @param sourcePointInTime the source's point in time the copy holds (the snapshot's time, or the clone's for a live
     *                          copy), or null
     * @param ageHours          hours since the refresh, or null
     * @param maxAge            the target's {@code maxAge} ({@code 30d}), or null when none is configured
     * @param tooOld            whether the refresh is older than {@code maxAge}
     * @param report            the stage clone report the classification used, or null when none was found
     * @param baseline          whether that clone recorded the facts of the copy it put in place (changes since the
     *                          refresh are then known)
     */
    public record Age(String refreshedAt, String refreshOperation, String copiedFrom, String sourcePointInTime, Long ageHours,
                      String maxAge, boolean tooOld, String report, boolean baseline) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * What odoo-release last deployed to one environment (from its state on the environment's server).
     *
     * @param environment the environment
     * @param image       the image reference, or null when nothing was ever deployed
     * @param imageId     the image id ({@code sha256:…}) it resolved to, or null
     * @param commit      the commit recorded with it, or null
     * @param deployedAt  when, or null
     */
    public record Deployed(String environment, String image, String imageId, String commit, String deployedAt) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The size of one table (rows) or a filestore (files and bytes) on both sides.
     *
     * @param what           a table name, or {@code filestore} / {@code filestore bytes}
     * @param source         now on the source
     * @param target         now on the target
     * @param targetAtRefresh on the target right after its last refresh (null: unknown)
     * @param sourceAtRefresh on the source at the refresh's point in time, when the report tells it (the copy plus what
     *                       the stage clone deleted; null: unknown)
     */
    public record Volume(String what, Long source, Long target, Long targetAtRefresh, Long sourceAtRefresh) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Change of the target since its refresh, or null. */
        public Long targetChange() {
            return target == null || targetAtRefresh == null ? null : target - targetAtRefresh;
        }

        /** Change of the source since the refresh's point in time, or null. */
        public Long sourceChange() {
            return source == null || sourceAtRefresh == null ? null : source - sourceAtRefresh;
        }
    }

    /** The differences nothing accounts for. */
    public List<Difference> drift() {
        return differences.stream().filter(Difference::drift).toList();
    }

    /** The differences the last stage clone made on purpose. */
    public List<Difference> deliberate() {
        return differences.stream().filter(d -> !d.drift()).toList();
    }

    /** One line: "staging: 3 drifted, 12 deliberate differences from production; refreshed 2026-…". */
    public String summary() {
        StringBuilder b = new StringBuilder(target).append(" vs ").append(source).append(": ").append(drift().size())
                .append(" drifted, ").append(deliberate().size()).append(" deliberate difference(s)");
        if (age.refreshedAt() != null) {
            b.append("; last refreshed ").append(age.refreshedAt());
            if (age.ageHours() != null) {
                b.append(" (").append(age.ageHours() / 24).append(" days ago)");
            }
        } else {
            b.append("; no refresh known");
        }
        if (age.tooOld()) {
            b.append("; OLDER THAN maxAge ").append(age.maxAge());
        }
        return b.toString();
    }

    /** The report for people, in Markdown. */
    public String toMarkdown() {
        return DriftMarkdown.render(this);
    }
}
