package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.OdooReleaseException;
import hudson.Util;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import jenkins.model.Jenkins;

/**
 * Shared pieces of the configuration forms: the permission rule of every {@code doCheck}/{@code doFill} method of
 * the global configuration, and the text fields that hold lists. The rules themselves are the engine's: a check
 * builds the engine's value and shows its message, so the form and a step say the same thing.
 */
final class Forms {
    private Forms() {}

    /** The global configuration is for administrators; others get no answer (not even "ok" vs "error"). */
    static boolean mayConfigure() {
        return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
    }

    /**
     * Checks a text field: blank is an error with {@code requiredMessage} (or fine when it is null: optional field),
     * anything else must pass {@code rule}, typically the engine's own validation, whose {@link OdooReleaseException}
     * message becomes the form error, so the form and a step say the same thing.
     */
    static FormValidation check(String value, String requiredMessage, Consumer<String> rule) {
        if (!mayConfigure()) {
            return FormValidation.ok();
        }
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return requiredMessage == null ? FormValidation.ok() : FormValidation.error(requiredMessage);
        }
        try {
            rule.accept(v);
            return FormValidation.ok();
        } catch (OdooReleaseException | IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    static FormValidation required(String value, String message) {
        return check(value, message, v -> {});
    }

    /** A path on the agent must be absolute: a relative one would depend on the agent's working directory. */
    static void absolutePath(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(Messages.Forms_AbsolutePath(path));
        }
    }

    /** Each line of a list field must pass {@code rule}. */
    static Consumer<String> eachLine(Consumer<String> rule) {
        return text -> lines(text).forEach(rule);
    }

    /** A whole number of at least {@code min}. */
    static FormValidation atLeast(String value, int min) {
        return number(value, min, Integer.MAX_VALUE, Messages.Forms_AtLeast(min));
    }

    /** A whole number from {@code min} to {@code max}. */
    static FormValidation between(String value, int min, int max) {
        return number(value, min, max, Messages.Forms_Between(min, max));
    }

    private static FormValidation number(String value, int min, int max, String message) {
        if (!mayConfigure()) {
            return FormValidation.ok();
        }
        try {
            int n = Integer.parseInt(Util.fixNull(value).trim());
            return n >= min && n <= max ? FormValidation.ok() : FormValidation.error(message);
        } catch (NumberFormatException e) {
            return FormValidation.error(message);
        }
    }

    /** A list box of fixed values, for the {@code doFill…Items} of the "kind"-like fields. */
    static ListBoxModel choices(String... values) {
        ListBoxModel m = new ListBoxModel();
        if (mayConfigure()) {
            for (String v : values) {
                m.add(v);
            }
        }
        return m;
    }

    /** One entry per non-blank line, trimmed (ports, volumes, file lists, ...). */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String line : Util.fixNull(text).split("\\R")) {
            if (!line.isBlank()) {
                out.add(line.strip());
            }
        }
        return out;
    }

    /** Entries separated by commas, spaces or new lines (branch patterns, addons paths). */
    static List<String> words(String text) {
        return Arrays.stream(Util.fixNull(text).split("[,\\s]+"))
                .filter(w -> !w.isEmpty())
                .toList();
    }
}
