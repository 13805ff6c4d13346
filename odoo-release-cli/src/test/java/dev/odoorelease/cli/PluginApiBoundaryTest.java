package dev.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Jenkins plugin uses only the engine's API, like the CLI ({@link ApiBoundaryTest}). The plugin module builds only
 * with {@code -Pjenkins}, so this check reads its sources, in the default build: no import and no qualified name of
 * {@code dev.odoorelease.engine.internal} outside comments and string literals. (What a source check cannot see — an
 * internal type reached through a chained call — the API does not offer: its methods return API types.)
 */
class PluginApiBoundaryTest {
    private static final Path PLUGIN = Path.of("..", "odoo-release-plugin", "src", "main", "java");
    private static final Pattern INTERNAL = Pattern.compile("\\bdev\\s*\\.\\s*odoorelease\\s*\\.\\s*engine\\s*\\.\\s*internal\\b");

    @Test
    void pluginSourcesNameNothingOfTheEngineInternals() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(PLUGIN)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(sources).as("plugin sources under %s", PLUGIN.toAbsolutePath()).hasSizeGreaterThan(10);
        List<String> violations = new ArrayList<>();
        int usingTheApi = 0;
        for (Path f : sources) {
            String code = codeOnly(Files.readString(f));
            usingTheApi += code.contains("dev.odoorelease.engine.") ? 1 : 0;
            Matcher m = INTERNAL.matcher(code);
            while (m.find()) {
                violations.add(PLUGIN.relativize(f) + ": line " + (code.substring(0, m.start()).lines().count()));
            }
        }
        assertThat(usingTheApi).as("plugin sources that import the engine's API").isPositive();
        assertThat(violations).as("plugin code naming dev.odoorelease.engine.internal").isEmpty();
    }

    @Test
    void theCheckSeesAnImportOrAQualifiedNameButNotAComment() {
        assertThat(INTERNAL.matcher(codeOnly("import dev.odoorelease.engine.internal.docker.DockerCli;")).find()).isTrue();
        assertThat(INTERNAL.matcher(codeOnly("var x = new dev.odoorelease.engine.internal.deploy.Undo(c);")).find()).isTrue();
        assertThat(INTERNAL.matcher(codeOnly("// see dev.odoorelease.engine.internal.docker\n/** dev.odoorelease.engine.internal */"))
                .find()).isFalse();
        assertThat(INTERNAL.matcher(codeOnly("String s = \"dev.odoorelease.engine.internal\";")).find()).isFalse();
        assertThat(INTERNAL.matcher(codeOnly("import dev.odoorelease.engine.config.EnvironmentConfig;")).find()).isFalse();
    }

    /** The text without comments and string or character literals (newlines kept, so line numbers stay right). */
    static String codeOnly(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                source.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                out.append(c).append(c);
                i = Math.min(n, j + 1);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
