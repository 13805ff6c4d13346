package dev.odoorelease.testkit.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check itself: each kind of bad resource is reported with its file and line, and good ones are not. */
class StaplerResourceCheckTest {
    @TempDir
    Path resources;

    private static final String JELLY_HEAD =
            "<?jelly escape-by-default='true'?>\n<j:jelly xmlns:j=\"jelly:core\" xmlns:f=\"/lib/form\">\n";

    private Path write(String path, String content) throws IOException {
        Path f = resources.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void anUnquotedBraceInMessagesPropertiesIsReportedWithItsLineAndKey() throws IOException {
        write("p/Messages.properties", "A.Fine=Give {0} a name.\n"
                + "A.Image=Give the image, e.g. odoo:${GIT_COMMIT}.\n"
                + "A.Quoted=Give the image, e.g. odoo:'${GIT_COMMIT}', it''s {0}.\n");

        StaplerResourceCheck check = StaplerResourceCheck.of(resources);

        assertThat(check.propertiesFiles()).isEqualTo(1);
        assertThat(check.problems())
                .singleElement()
                .asString()
                .startsWith("p/Messages.properties:2: A.Image is not a MessageFormat pattern")
                .contains("can't parse argument number: GIT_COMMIT");
    }

    @Test
    void aMessagesKeyThatMakesNoMethodNameIsReported() throws IOException {
        write("p/Messages.properties", "A.Fine_key-2=x\nA.Dry\\ run=y\n");
        write("p/Action/summary.properties", "Dry\\ run=a key of a view may hold a space\n");

        assertThat(StaplerResourceCheck.of(resources).problems())
                .singleElement()
                .asString()
                .startsWith("p/Messages.properties:2: the key 'A.Dry run' makes no Java method name");
    }

    @Test
    void aNonAsciiCharacterInAPropertiesFileIsReported() throws IOException {
        write("p/Messages.properties", "A.Menu=Manage Jenkins \u00bb System\nA.Escaped=Manage Jenkins \\u00bb System\n");

        assertThat(StaplerResourceCheck.of(resources).problems())
                .singleElement()
                .asString()
                .startsWith("p/Messages.properties:1: a non-ASCII character");
    }

    @Test
    void parenthesesThatAreNotArgumentsBreakTheViewAndAreReported() throws IOException {
        write("p/Step/config.jelly", JELLY_HEAD
                + "  <f:entry field=\"dryRun\" title=\"${%Dry run (plan only)}\"><f:checkbox/></f:entry>\n"
                + "</j:jelly>\n");

        assertThat(StaplerResourceCheck.of(resources).problems())
                .singleElement()
                .asString()
                .startsWith("p/Step/config.jelly:3: ${%Dry run (plan only)} does not compile: 'plan only' is not an"
                        + " expression");
    }

    @Test
    void parenthesesThatParseAsAnArgumentOfAnUndefinedKeyAreReported() throws IOException {
        write("p/Step/config.jelly", JELLY_HEAD
                + "  <f:entry field=\"timeout\" title=\"${%Timeout (seconds)}\"><f:number/></f:entry>\n"
                + "  <f:entry field=\"x\" title=\"${it.x ? '%Yes (really)' : '%No'}\"><f:number/></f:entry>\n"
                + "</j:jelly>\n");

        assertThat(StaplerResourceCheck.of(resources).problems())
                .hasSize(2)
                .anySatisfy(p -> assertThat(p)
                        .startsWith("p/Step/config.jelly:3: ${%Timeout (seconds)}: Stapler reads a '(' in the text as"
                                + " the start of arguments, and config.properties defines no key 'Timeout '"))
                .anySatisfy(p -> assertThat(p).startsWith("p/Step/config.jelly:4: ${%Yes (really)}: Stapler reads"));
    }

    @Test
    void keysWithArgumentsDefinedInTheViewsPropertiesPassWhenTheyGetEveryArgument() throws IOException {
        write("p/Action/summary.properties", "deploy=Odoo deploy to {0}: {1}\nclone=Odoo clone {0} \\u2192 {1}: {2}\n");
        write("p/Action/summary.jelly", JELLY_HEAD
                + "  <b>${%deploy(it.environment, it.outcome)}</b>\n"
                + "  <b>${%clone(it.get('source'), it.environment)}</b>\n"
                + "  <b>${%Plain text, no arguments}</b> and ${it.name} $${literal}\n"
                + "</j:jelly>\n");

        StaplerResourceCheck check = StaplerResourceCheck.of(resources);

        assertThat(check.expressions()).isEqualTo(4);
        assertThat(check.problems())
                .singleElement()
                .asString()
                .startsWith("p/Action/summary.jelly:4: ${%clone(it.get('source'), it.environment)} passes 2"
                        + " argument(s) but 'clone' in summary.properties uses 3");
    }

    @Test
    void aMissingClosingParenthesisOrBraceIsReported() throws IOException {
        write("p/A/config.jelly", JELLY_HEAD + "  <f:entry title=\"${%Name (it.a}\"/>\n"
                + "  <f:entry title=\"${%Name\"/>\n</j:jelly>\n");

        assertThat(StaplerResourceCheck.of(resources).problems())
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("p/A/config.jelly:3: ${%Name (it.a} is missing ')'"))
                .anySatisfy(p -> assertThat(p).startsWith("p/A/config.jelly:4: missing '}'"));
    }

    @Test
    void aValueThatIsOneWholeExpressionIsReadAsJellyReadsIt() throws IOException {
        // Jelly hands "${...}" spanning the whole value to the factory as is: the apostrophe is no quote there
        write("p/A/summary.jelly", JELLY_HEAD + "  <summary>${%Details and the container's log}</summary>\n"
                + "  <b>${%Quoted (it.x)} and ${it.name}</b>\n</j:jelly>\n");

        assertThat(StaplerResourceCheck.of(resources).problems())
                .singleElement()
                .asString()
                .startsWith("p/A/summary.jelly:4: ${%Quoted (it.x)}: Stapler reads a '(' in the text");
    }

    @Test
    void aJellyThatIsNotWellFormedXmlIsReported() throws IOException {
        write("p/A/config.jelly", JELLY_HEAD + "  <f:entry title=\"${%Name}\">\n    <f:textbox/>\n</j:jelly>\n");

        assertThat(StaplerResourceCheck.of(resources).problems())
                .singleElement()
                .asString()
                .startsWith("p/A/config.jelly:5: not well-formed XML");
    }

    @Test
    void aFolderThatDoesNotExistIsAnErrorNotAPass() {
        assertThatThrownBy(() -> StaplerResourceCheck.of(resources.resolve("missing")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("it is not a folder");
    }
}
