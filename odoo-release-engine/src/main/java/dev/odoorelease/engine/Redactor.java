package dev.odoorelease.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes secrets from text meant for logs and messages: known secret values, passwords in
 * connection URLs ({@code user:secret@host}) and {@code password=...} pairs.
 */
public final class Redactor {
    public static final String MASK = "****";

    private static final Pattern URL_CREDENTIALS = Pattern.compile("(://[^:/@\\s]+:)[^@\\s]+@");
    private static final Pattern PASSWORD_PAIR =
            Pattern.compile("(?i)((?:password|passwd|pwd|secret|token)\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s&;,]+)");

    private final List<String> secrets;

    private Redactor(Collection<String> secrets) {
        List<String> s = new ArrayList<>();
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 3) {
                s.add(secret);
            }
        }
        // longest first, so a secret that contains another is masked whole
        s.sort((a, b) -> b.length() - a.length());
        this.secrets = List.copyOf(s);
    }

    public static Redactor of(String... secrets) {
        return new Redactor(java.util.Arrays.stream(secrets).filter(x -> x != null).toList());
    }

    public static Redactor of(Collection<String> secrets) {
        return new Redactor(secrets);
    }

    /** A redactor that knows no secret values, only the URL and key=value patterns. */
    public static Redactor patternsOnly() {
        return new Redactor(List.of());
    }

    public Redactor plus(String... more) {
        List<String> all = new ArrayList<>(secrets);
        for (String m : more) {
            if (m != null) {
                all.add(m);
            }
        }
        return new Redactor(all);
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        out = URL_CREDENTIALS.matcher(out).replaceAll("$1" + MASK + "@");
        out = PASSWORD_PAIR.matcher(out).replaceAll("$1" + MASK);
        return out;
    }
}
