package dev.odoorelease.engine.result;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rehearsal of a deploy ({@code odoo-release rehearse}): the module update of a new image run against a throwaway,
 * neutralized copy of an environment's latest snapshot, then the image started on it and health-checked, then the copy,
 * its filestore and its containers dropped. The environment itself is never touched. Recorded in the environment's
 * history (operation {@code rehearse}): a plan of that image takes its update duration as the expected downtime and
 * says when it failed.
 *
 * @param operationId           the rehearsal's id ({@code 20261206-061500-4fa2}); its throwaway names carry it
 * @param environment           the environment rehearsed (whose snapshot was copied)
 * @param outcome               passed (update exited 0 and the health check passed) or failed
 * @param image                 the image as given
 * @param imageId               the image id it named ({@code sha256:…})
 * @param imageDigest           its registry digest, null for an image only built locally
 * @param snapshotId            the snapshot copied
 * @param freshSnapshot         whether the rehearsal took that snapshot itself ({@code --fresh-snapshot})
 * @param copyDatabase          the throwaway database's name (dropped)
 * @param modules               what went to {@code odoo -u} (empty: no module update)
 * @param updateMillis          how long the module update ran; -1 when it did not run
 * @param updateExitCode        the update container's exit code; null when it did not run
 * @param updateWarnings        the update's WARNING lines from Odoo's log
 * @param updateErrors          the update's ERROR and CRITICAL lines (with the traceback's last line)
 * @param schemaChanges         tables and columns the update added, dropped or retyped (information_schema before/after)
 * @param neutralization        which neutralization the copy got: the staging policy a stage clone of the environment
 *                              would apply (whose, and its project SQL, mail catcher, cron allowlist), or the built-in
 *                              rules only (and why)
 * @param neutralizationChecked when the copy was verified neutral (before any Odoo process was started on it)
 * @param healthPassed          whether the rehearsal's server passed the environment's health check
 * @param health                the health check's summary, or why it did not run
 * @param failure               why the rehearsal failed; null when it passed
 * @param phaseMillis           copy, neutralize, update, health, cleanup, total
 * @param leftovers             what could not be dropped (the next rehearsal sweeps it); empty when all was dropped
 */
public record RehearsalResult(String operationId, String environment, Outcome outcome, String image, String imageId, String imageDigest,
                              String snapshotId, boolean freshSnapshot, String copyDatabase, String modules, long updateMillis,
                              Integer updateExitCode, List<String> updateWarnings, List<String> updateErrors,
                              List<SchemaChange> schemaChanges, String neutralization, String neutralizationChecked, boolean healthPassed, String health,
                              String failure, Map<String, Long> phaseMillis, List<String> leftovers) implements Serializable {
    public RehearsalResult {
        updateWarnings = updateWarnings == null ? List.of() : List.copyOf(updateWarnings);
        updateErrors = updateErrors == null ? List.of() : List.copyOf(updateErrors);
        schemaChanges = schemaChanges == null ? List.of() : List.copyOf(schemaChanges);
        phaseMillis = phaseMillis == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phaseMillis));
        leftovers = leftovers == null ? List.of() : List.copyOf(leftovers);
    }

    /** How a rehearsal ended. */
    public enum Outcome {
        /** The update exited 0 and the server passed its health check. */
        PASSED,
        /** The copy, the update, the start or the health check failed. */
        FAILED;

        /** Lower-case name, as the history and JSON write it. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One difference of the schema between before and after the update.
     *
     * @param kind   what changed
     * @param table  the table
     * @param column the column, null for a table change
     * @param before the column's type before (null when added)
     * @param after  the column's type after (null when dropped)
     */
    public record SchemaChange(Kind kind, String table, String column, String before, String after) implements Serializable {
        /** What a schema change is. */
        public enum Kind {
            TABLE_ADDED, TABLE_DROPPED, COLUMN_ADDED, COLUMN_DROPPED, COLUMN_RETYPED
        }

        /** One line: {@code column added: res_partner.x_loyalty (character varying)}. */
        public String describe() {
            String what = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            String where = column == null ? table : table + "." + column;
            return switch (kind) {
                case TABLE_ADDED, TABLE_DROPPED -> what + ": " + where;
                case COLUMN_ADDED -> what + ": " + where + " (" + after + ")";
                case COLUMN_DROPPED -> what + ": " + where + " (was " + before + ")";
                case COLUMN_RETYPED -> what + ": " + where + " " + before + " → " + after;
            };
        }
    }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }

    /** Nothing to undo: a rehearsal changes no environment; what it created it dropped (else {@link #leftovers()}). */
    public String undo() {
        return leftovers.isEmpty() ? "nothing to undo: the throwaway copy, filestore and containers were dropped"
                : "the next rehearsal of " + environment + " drops what is left: " + String.join(", ", leftovers);
    }
}
