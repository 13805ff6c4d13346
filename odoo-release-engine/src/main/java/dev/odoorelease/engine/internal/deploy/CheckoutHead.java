package dev.odoorelease.engine.internal.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The commit a git checkout has checked out (its {@code HEAD}), read with JGit: what a deploy deploys when it is given
 * no commit. A Jenkins {@code checkout scm} in a scripted Pipeline sets no {@code GIT_COMMIT}, and the workspace is the
 * checkout, so its HEAD is the commit the build is of.
 */
public final class CheckoutHead {
    private CheckoutHead() {
    }

    /**
     * The full id of {@code HEAD} of the git checkout that holds {@code folder} (the folder or one of its parents);
     * empty when it is in no git checkout or the checkout has no commit yet.
     */
    public static Optional<String> of(Path folder) {
        if (folder == null) {
            return Optional.empty();
        }
        FileRepositoryBuilder b = new FileRepositoryBuilder().findGitDir(folder.toAbsolutePath().toFile());
        if (b.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repo = b.build()) {
            ObjectId head = repo.resolve("HEAD^{commit}");
            return head == null ? Optional.empty() : Optional.of(head.getName());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not readable as a checkout: the deploy goes on without a commit, as before
        }
    }
}
