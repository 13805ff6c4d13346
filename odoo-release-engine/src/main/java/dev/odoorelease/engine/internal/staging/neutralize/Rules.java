package dev.odoorelease.engine.internal.staging.neutralize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The neutralization rules shipped in this package's resources:
 * <ul>
 * <li>{@code odoo/}: the effects of each Odoo module's own {@code data/neutralize.sql}, per series
 * ({@code odoo/NN/<module>.sql} when series NN differs, else {@code odoo/common/<module>.sql} when its
 * {@code -- series:} line allows NN); {@code odoo/modules.txt} lists the modules (a module with
 * only series-specific files has no rule in the other series);</li>
 * <li>{@code gaps/}: what odoo-release adds, in the order of {@code gaps/index.txt}.</li>
 * </ul>
 */
final class Rules {
    /** The series there are rules for. */
    static final Set<String> SERIES = Set.of("16.0", "17.0", "18.0");

    /**
     * A rule file.
     *
     * @param source   its resource path below this package ("odoo/17/mail.sql")
     * @param module   the Odoo module it belongs to (gaps: null; statements name theirs)
     * @param script   its statements
     */
    record Rule(String source, String module, SqlScript script) {
    }

    private static final Map<String, String> TEXTS = new ConcurrentHashMap<>();

    private Rules() {
    }

    /** The module rules of a series ("17.0"), in the order of modules.txt. */
    static List<Rule> odooModules(String series) {
        String major = series.substring(0, series.indexOf('.'));
        List<Rule> rules = new ArrayList<>();
        for (String module : lines("odoo/modules.txt")) {
            String own = "odoo/" + major + "/" + module + ".sql";
            String text = textOrNull(own);
            if (text != null) {
                rules.add(new Rule(own, module, SqlScript.parse(text)));
                continue;
            }
            String common = "odoo/common/" + module + ".sql";
            text = textOrNull(common);
            if (text == null) {
                continue; // only series-specific files, none for this series (l10n_my_edi: 17 and 18)
            }
            SqlScript script = SqlScript.parse(text);
            if (script.series().isEmpty() || script.series().contains(major)) {
                rules.add(new Rule(common, module, script));
            }
        }
        return rules;
    }

    /** odoo-release's own rules, in order. */
    static List<Rule> gaps() {
        List<Rule> rules = new ArrayList<>();
        for (String file : lines("gaps/index.txt")) {
            String path = "gaps/" + file;
            String text = textOrNull(path);
            if (text == null) {
                throw new IllegalStateException("neutralization rule " + path + " listed in gaps/index.txt is missing");
            }
            rules.add(new Rule(path, null, SqlScript.parse(text)));
        }
        return rules;
    }

    private static List<String> lines(String resource) {
        String text = textOrNull(resource);
        if (text == null) {
            throw new IllegalStateException("resource " + resource + " is missing from the engine jar");
        }
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                out.add(l);
            }
        }
        return out;
    }

    private static String textOrNull(String resource) {
        String cached = TEXTS.get(resource);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = Rules.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            TEXTS.put(resource, text);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to read neutralization rule " + resource, e);
        }
    }
}
