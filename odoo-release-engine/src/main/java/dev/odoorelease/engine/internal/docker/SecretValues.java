package dev.odoorelease.engine.internal.docker;

import dev.odoorelease.engine.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which values of a container's environment are masked ({@link Redactor#MASK}) in everything a client returns or
 * throws: all of them, except values equal to a word of the spec's public settings (name, image, command, ports,
 * volumes, network, labels, user: e.g. {@code USER=odoo} with a container {@code odoo-new}), and numbers, IPv4
 * addresses and booleans under names that do not say secret ({@code PORT=5432}, {@code HOST=10.0.0.5}): masking those
 * would garble messages and hide diagnostics without protecting anything.
 */
final class SecretValues {
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i)pass|pwd|secret|token|key|auth|cred|private|salt|cert|cookie|session|signature");
    private static final Pattern PLAIN_VALUE = Pattern.compile(
            "(?i)[0-9]+|[0-9]{1,3}(\\.[0-9]{1,3}){3}|true|false|yes|no|on|off");

    private SecretValues() {
    }

    /**
     * Whether an environment value is masked: yes, unless it equals a word of the spec's public settings, or it is
     * a number, an IPv4 address or a boolean under a name that does not say secret ({@code PORT=5432},
     * {@code HOST=10.0.0.5}, {@code WORKERS=4}): masking those would hide diagnostics (and every such number in a log)
     * without protecting anything.
     */
    static boolean isSecret(String key, String value, Set<String> publicWords) {
        if (value.length() < 3 || publicWords.contains(value)) {
            return false;
        }
        if (SECRET_NAME.matcher(key).find()) {
            return true;
        }
        return !PLAIN_VALUE.matcher(value).matches();
    }

    /** Words of the spec's public settings: masking values equal to one would only garble messages. */
    static Set<String> publicWords(ContainerSpec spec) {
        List<String> texts = new ArrayList<>();
        if (spec.name() != null) {
            texts.add(spec.name());
        }
        texts.add(spec.image());
        texts.addAll(spec.command());
        texts.addAll(spec.ports());
        texts.addAll(spec.volumes());
        if (spec.network() != null) {
            texts.add(spec.network());
        }
        spec.labels().forEach((k, v) -> {
            texts.add(k);
            texts.add(v);
        });
        if (spec.user() != null) {
            texts.add(spec.user());
        }
        Set<String> words = new LinkedHashSet<>();
        for (String t : texts) {
            words.add(t);
            for (String w : t.split("[^A-Za-z0-9_]+")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
            for (String w : t.split("[\\s:/=@,]+")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
        }
        return words;
    }
}
