package dev.odoorelease.engine.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HEAD of a real git checkout made with JGit: the commit a deploy uses when it is given none. */
class CheckoutHeadTest {
    @TempDir
    Path dir;

    private static String commit(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setAuthor("t", "t@example.invalid").setCommitter("t", "t@example.invalid")
                .setSign(false).call().getName();
    }

    @Test
    void theHeadOfTheCheckoutFromItsRootOrAFolderInside() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(dir.resolve("addons/sale_custom"));
            Files.writeString(dir.resolve("addons/sale_custom/__manifest__.py"), "{'version': '1.0'}");
            commit(git, "first");
            Files.writeString(dir.resolve("addons/sale_custom/__manifest__.py"), "{'version': '1.1'}");
            String second = commit(git, "second");

            assertThat(CheckoutHead.of(dir)).contains(second);
            assertThat(CheckoutHead.of(dir.resolve("addons/sale_custom"))).contains(second);
        }
    }

    @Test
    void aDetachedHeadAsJenkinsChecksOutIsItsCommit() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            Files.writeString(dir.resolve("README.md"), "one\n");
            String first = commit(git, "first");
            Files.writeString(dir.resolve("README.md"), "two\n");
            commit(git, "second");
            git.checkout().setName(first).call(); // what the git plugin does: a detached HEAD at the built commit

            assertThat(CheckoutHead.of(dir)).contains(first);
        }
    }

    @Test
    void noCheckoutOrNoCommitYetGivesNothing() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        assertThat(CheckoutHead.of(plain)).isEmpty();
        assertThat(CheckoutHead.of(null)).isEmpty();

        Path fresh = dir.resolve("fresh");
        Git.init().setDirectory(fresh.toFile()).setInitialBranch("main").call().close();
        assertThat(CheckoutHead.of(fresh)).isEmpty();
    }
}
