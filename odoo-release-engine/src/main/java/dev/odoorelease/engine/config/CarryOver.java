package dev.odoorelease.engine.config;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One staging-only record a refresh keeps: read from staging before the copy, restored into the copy after its
 * neutralization and anonymization (then verified with it), and listed in the differences report. The kinds are a
 * closed set: each says which table, which column names the record, and what of it is kept.
 *
 * @param kind what the record is
 * @param key  the value naming it: a login, a parameter key, a payment provider's code
 */
public record CarryOver(Kind kind, String key) implements Serializable {
    private static final Pattern SAFE = Pattern.compile("[\\p{L}\\p{N}@._+:/-]{1,128}");
    /** Parameters the copy's identity and neutralization own: carrying staging's over would undo them. */
    private static final Set<String> OWNED_PARAMETERS = Set.of("web.base.url", "web.base.url.freeze", "report.url",
            "database.uuid", "database.secret", "database.create_date", "database.is_neutralized");

    /** The kinds of records a refresh can carry over. */
    public enum Kind {
        /** A user ({@code res_users} by {@code login}) with its password, active flag and groups (by XML id); created when the copy lacks it. */
        USER("users", "res_users", "login", "user"),
        /** A system parameter ({@code ir_config_parameter} by {@code key}) with its value; created when the copy lacks it. */
        CONFIG_PARAMETER("configParameters", "ir_config_parameter", "key", "parameter"),
        /** A payment provider ({@code payment_provider} by {@code code}, per company): its state and credentials; the copy must have it. */
        PAYMENT_PROVIDER("paymentProviders", "payment_provider", "code", "payment provider");

        private final String configKey;
        private final String table;
        private final String keyColumn;
        private final String label;

        Kind(String configKey, String table, String keyColumn, String label) {
            this.configKey = configKey;
            this.table = table;
            this.keyColumn = keyColumn;
            this.label = label;
        }

        /** Its key under {@code staging.carryOver} in the YAML configuration. */
        public String configKey() {
            return configKey;
        }

        public String table() {
            return table;
        }

        public String keyColumn() {
            return keyColumn;
        }

        /** In words ("user", "parameter", "payment provider"). */
        public String label() {
            return label;
        }

        /** The kind of a configuration key ({@code users}, {@code configParameters}, {@code paymentProviders}), or a clear error. */
        public static Kind ofConfigKey(String k, String where) {
            return Arrays.stream(values()).filter(v -> v.configKey.equals(k)).findFirst().orElseThrow(() -> new OdooReleaseException(
                    ErrorCode.CONFIGURATION, "Unable to read " + where + ": '" + k + "' is not a kind of record a refresh can carry "
                    + "over. Use " + String.join(", ", Arrays.stream(values()).map(Kind::configKey).toList()) + "."));
        }
    }

    /**
     * @throws OdooReleaseException {@link ErrorCode#CONFIGURATION} for no kind, an empty or odd key (at most 128 letters,
     *         digits and {@code @._+:/-}), or a parameter the copy's neutralization owns
     */
    public CarryOver {
        if (kind == null) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to carry over '" + key + "': no kind of record given. "
                    + "Use one of " + Arrays.toString(Kind.values()).toLowerCase(Locale.ROOT) + ".");
        }
        if (key == null || !SAFE.matcher(key).matches()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to carry over the " + kind.label() + " '"
                    + (key == null ? "" : key.length() > 40 ? key.substring(0, 40) + "…" : key) + "': not a valid "
                    + kind.keyColumn() + " (1 to 128 letters, digits and @ . _ + : / -). Check staging.carryOver."
                    + kind.configKey() + ".");
        }
        if (kind == Kind.CONFIG_PARAMETER && OWNED_PARAMETERS.contains(key)) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to carry over the parameter '" + key + "': the "
                    + "refresh sets it on the copy itself (its URL, identity and neutralized flag), and staging's old value would "
                    + "undo that. Remove it from staging.carryOver.configParameters.");
        }
    }

    public static CarryOver user(String login) {
        return new CarryOver(Kind.USER, login);
    }

    public static CarryOver configParameter(String key) {
        return new CarryOver(Kind.CONFIG_PARAMETER, key);
    }

    public static CarryOver paymentProvider(String code) {
        return new CarryOver(Kind.PAYMENT_PROVIDER, code);
    }

    /** "user tester@acme.example". */
    public String describe() {
        return kind.label() + " " + key;
    }
}
