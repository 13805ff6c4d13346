package dev.odoorelease.engine.config;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.util.Arrays;
import java.util.List;

/**
 * Which modules a deploy updates ({@code -u}): the {@code changed} ones (files differ between the
 * deployed commit and the new one, or manifest version ahead of the database's), {@code all}, an
 * explicit list, or none.
 */
public record UpdateMode(Kind kind, List<String> modules) implements java.io.Serializable {
    /** The kinds of update selection. */
    public enum Kind {
        CHANGED,
        ALL,
        LIST,
        NONE
    }

    public static UpdateMode parse(String s) {
        String v = s == null ? "changed" : s.trim();
        switch (v) {
            case "", "changed":
                return new UpdateMode(Kind.CHANGED, List.of());
            case "all":
                return new UpdateMode(Kind.ALL, List.of());
            case "none":
                return new UpdateMode(Kind.NONE, List.of());
            default:
                List<String> mods = Arrays.stream(v.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
                for (String m : mods) {
                    if (!m.matches("[a-z0-9_]+")) {
                        throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to read update '" + s + "': '" + m
                                + "' is not an Odoo module name. Use changed, all, none, or module names separated by commas.");
                    }
                }
                return new UpdateMode(Kind.LIST, mods);
        }
    }

    @Override
    public String toString() {
        return kind == Kind.LIST ? String.join(",", modules) : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
