package dev.odoorelease.engine.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.OdooReleaseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.result.ModulePlan;
import dev.odoorelease.engine.config.UpdateMode;

/** The planner against a real git repository made with JGit, like JGit's own tests. */
class ModulePlannerTest {
    @TempDir
    Path repo;
    Git git;
    String first;

    private void write(String path, String content) throws Exception {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private String commit(String msg) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().setUpdate(true).addFilepattern(".").call();
        return git.commit().setMessage(msg).setAuthor("t", "t@example.invalid").setCommitter("t", "t@example.invalid")
                .setSign(false).call().getName();
    }

    @BeforeEach
    void repository() throws Exception {
        git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
        write("addons/sale_custom/__manifest__.py", "{'name': 'Sale custom', 'version': '1.0', 'depends': ['sale']}");
        write("addons/sale_custom/models/sale.py", "x = 1\n");
        write("addons/stock_custom/__manifest__.py", "{'name': 'Stock custom', 'version': '17.0.2.0'}");
        write("addons/stock_custom/models/stock.py", "y = 1\n");
        write("addons/web_theme/__manifest__.py", "{'name': 'Theme', 'version': '17.0.1.0'}");
        write("addons/web_theme/static/src/theme.css", "a {}\n");
        write("addons/not_installed/__manifest__.py", "{'version': '1.0'}");
        write("README.md", "project\n");
        first = commit("first");
    }

    private static final Map<String, String> INSTALLED = Map.of("base", "17.0.1.3", "sale_custom", "17.0.1.0",
            "stock_custom", "17.0.2.0", "web_theme", "17.0.1.0");

    @Test
    void changedModulesAreThoseWithRealFileChangesOrANewerManifest() throws Exception {
        write("addons/sale_custom/models/sale.py", "x = 2\n");                                   // code change
        write("addons/web_theme/static/src/theme.css", "a { color: red }\n");                     // static only: no -u
        write("addons/stock_custom/__manifest__.py", "{'name': 'Stock custom', 'version': '17.0.2.1'}"); // version bump
        write("addons/not_installed/models.py", "z = 1\n");                                       // not installed
        write("README.md", "changed\n");
        String second = commit("second");

        ModulePlan plan = new ModulePlanner(repo, List.of("addons")).plan(UpdateMode.parse("changed"), INSTALLED, "17.0", first, second);

        assertThat(plan.modules()).containsExactly("sale_custom", "stock_custom");
        assertThat(plan.updateArg()).isEqualTo("sale_custom,stock_custom");
        assertThat(plan.reasons().get("sale_custom")).startsWith("files changed");
        assertThat(plan.reasons().get("stock_custom")).contains("manifest 17.0.2.1 ahead of installed 17.0.2.0");
    }

    @Test
    void aFirstDeployUsesManifestVersionsOnlyAndSaysSo() throws Exception {
        ModulePlan plan = new ModulePlanner(repo, List.of("addons")).plan(UpdateMode.parse("changed"),
                Map.of("sale_custom", "17.0.0.9", "stock_custom", "17.0.2.0"), "17.0", null, first);
        assertThat(plan.modules()).as("1.0 adapts to 17.0.1.0 > 17.0.0.9").containsExactly("sale_custom");
        assertThat(plan.notes()).anyMatch(n -> n.contains("no deployed commit"));
    }

    @Test
    void nothingChangedMeansNoUpdate() throws Exception {
        ModulePlan plan = new ModulePlanner(repo, List.of("addons")).plan(UpdateMode.parse("changed"), INSTALLED, "17.0", first, first);
        assertThat(plan.updatesSomething()).isFalse();
    }

    @Test
    void allListAndNone() {
        ModulePlanner p = new ModulePlanner(repo, List.of("addons"));
        assertThat(p.plan(UpdateMode.parse("all"), INSTALLED, "17.0", null, first).updateArg()).isEqualTo("all");
        ModulePlan list = p.plan(UpdateMode.parse("sale_custom, crm"), INSTALLED, "17.0", null, first);
        assertThat(list.updateArg()).isEqualTo("sale_custom,crm");
        assertThat(list.notes()).anyMatch(n -> n.startsWith("crm is not installed"));
        assertThat(p.plan(UpdateMode.parse("none"), INSTALLED, "17.0", null, first).updatesSomething()).isFalse();
    }

    /**
     * A plan that leaves out a module whose manifest version differs from the database's (ahead: new fields the schema
     * lacks; behind: older code on a newer schema), or that updates nothing at all, warns: the deploy refuses it unless
     * explicitly allowed. A list that names every such module, and "changed", warn about nothing.
     */
    @Test
    void skippingAModuleWhoseVersionDiffersOrUpdatingNothingWarns() throws Exception {
        write("addons/stock_custom/__manifest__.py", "{'name': 'Stock custom', 'version': '17.0.2.1'}"); // ahead
        write("addons/web_theme/__manifest__.py", "{'name': 'Theme', 'version': '0.9'}");                // behind
        String second = commit("second");
        ModulePlanner p = new ModulePlanner(repo, List.of("addons"));

        ModulePlan list = p.plan(UpdateMode.parse("sale_custom"), INSTALLED, "17.0", first, second);
        assertThat(list.warnings()).containsExactly(
                "module stock_custom is not in the update list although its manifest version 17.0.2.1 at " + second.substring(0, 8)
                        + " is ahead of the database's 17.0.2.0",
                "module web_theme is not in the update list although its manifest version 17.0.0.9 at " + second.substring(0, 8)
                        + " is behind the database's 17.0.1.0");
        ModulePlan none = p.plan(UpdateMode.parse("none"), INSTALLED, "17.0", first, second);
        assertThat(none.warnings()).hasSize(3).first().asString().startsWith("no module update (update: none)");
        assertThat(none.warnings()).anyMatch(w -> w.startsWith("module stock_custom is not updated although"));
        assertThat(p.plan(UpdateMode.parse("none"), INSTALLED, "17.0", null, null).warnings())
                .as("without a commit there is nothing to compare, but update: none still warns").hasSize(1);
        assertThat(new ModulePlanner(null, List.of("addons")).plan(UpdateMode.parse("none"), INSTALLED, "17.0", null, second).warnings())
                .as("nor without a repository").hasSize(1);

        assertThat(p.plan(UpdateMode.parse("stock_custom,web_theme"), INSTALLED, "17.0", first, second).warnings()).isEmpty();
        assertThat(p.plan(UpdateMode.parse("changed"), INSTALLED, "17.0", first, second).warnings()).isEmpty();
        assertThat(p.plan(UpdateMode.parse("all"), INSTALLED, "17.0", first, second).warnings()).isEmpty();
    }

    @Test
    void badInputGivesClearErrors() {
        assertThatThrownBy(() -> UpdateMode.parse("sale; rm -rf /")).isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("is not an Odoo module name");
        assertThatThrownBy(() -> new ModulePlanner(repo, List.of("addons")).plan(UpdateMode.parse("changed"), INSTALLED, "17.0",
                "0123456789abcdef0123456789abcdef01234567", first))
                .isInstanceOf(OdooReleaseException.class).hasMessageContaining("is not in the repository");
    }

    @Test
    void versionsCompareNumerically() {
        assertThat(ModulePlanner.compare("17.0.1.10", "17.0.1.9")).isPositive();
        assertThat(ModulePlanner.adapt("1.2", "17.0")).isEqualTo("17.0.1.2");
        assertThat(ModulePlanner.adapt("17.0.1.2", "17.0")).isEqualTo("17.0.1.2");
        assertThat(ModulePlanner.needsUpdate("static/src/x.js")).isFalse();
        assertThat(ModulePlanner.needsUpdate("models/x.py")).isTrue();
    }
}
