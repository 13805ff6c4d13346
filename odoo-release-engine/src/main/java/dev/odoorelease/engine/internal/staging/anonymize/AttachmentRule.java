package dev.odoorelease.engine.internal.staging.anonymize;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What happens to the attachments ({@code ir_attachment} rows and their filestore files) of one
 * {@code res_model}.
 *
 * @param model  Odoo model name ("hr.employee")
 * @param action drop, blank or keep
 * @param origin where the rule comes from
 */
public record AttachmentRule(String model, Action action, String origin) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The attachment actions. */
    public enum Action {
        /** Delete the rows and unlink their files from the copy's filestore (when no other row uses them). */
        DROP,
        /**
         * Point the rows at one empty file (its SHA-1 name, {@code file_size} 0, no index text) and unlink
         * the old files from the copy's filestore when no other row uses them.
         */
        BLANK,
        /** Leave them (overrides a built-in rule). */
        KEEP;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Action> parse(String s) {
            return s == null ? Optional.empty()
                    : Arrays.stream(values()).filter(a -> a.id().equals(s.trim().toLowerCase(Locale.ROOT))).findFirst();
        }
    }
}
