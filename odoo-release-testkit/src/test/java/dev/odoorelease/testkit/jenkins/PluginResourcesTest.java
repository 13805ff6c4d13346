package dev.odoorelease.testkit.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The Jenkins plugin's messages and views pass {@link StaplerResourceCheck}: runs in every build, where no Jenkins and
 * no Jenkins Maven repository is (the plugin module itself is only built with {@code -Pjenkins}).
 * {@code scripts/test} runs it first, before the long verify.
 */
class PluginResourcesTest {
    /** The plugin's resources; {@code -Dodoorelease.plugin.resources=…} checks another copy (another branch's). */
    private static final Path PLUGIN_RESOURCES = Path.of(System.getProperty(
            "odoorelease.plugin.resources", Path.of("..", "odoo-release-plugin", "src", "main", "resources").toString()));

    @Test
    void everyMessagePatternAndEveryViewOfThePluginCompilesAsJenkinsCompilesIt() throws IOException {
        StaplerResourceCheck check = StaplerResourceCheck.of(PLUGIN_RESOURCES);

        // it read the plugin, not an empty or moved folder
        assertThat(check.propertiesFiles()).isGreaterThanOrEqualTo(3);
        assertThat(check.jellyFiles()).isGreaterThanOrEqualTo(15);
        assertThat(check.expressions()).isGreaterThanOrEqualTo(100);
        assertThat(check.problems()).as("problems in %s", PLUGIN_RESOURCES).isEmpty();
    }
}
