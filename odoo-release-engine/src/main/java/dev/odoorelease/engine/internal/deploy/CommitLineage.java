package dev.odoorelease.engine.internal.deploy;

import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Linear history for an environment that promotes from another: the commit deployed must descend from the one deployed
 * now (or be it). Read with JGit in the job's checkout; a rewind (the new commit is an ancestor of the deployed one) or a
 * divergence (neither descends from the other) is named with the commits involved.
 */
final class CommitLineage {
    private CommitLineage() {
    }

    /** The verdict: {@code linear} when the deploy keeps history linear; {@code text} says why either way. */
    record Verdict(boolean linear, String text) {
    }

    /**
     * @param checkout  the git checkout (a folder inside it is enough); null when none was given
     * @param deployed  the commit deployed now, null when none is recorded
     * @param candidate the commit to deploy, null when unknown
     */
    static Verdict check(Path checkout, String deployed, String candidate) {
        if (deployed == null || deployed.isBlank()) {
            return new Verdict(true, "no commit is recorded as deployed: nothing to compare with");
        }
        if (candidate == null || candidate.isBlank()) {
            return new Verdict(false, "the commit to deploy is unknown, so it cannot be shown to descend from the deployed "
                    + deployed + " (give --commit, or --repo with the checkout)");
        }
        if (candidate.equals(deployed)) {
            return new Verdict(true, "the deployed commit " + deployed + " again");
        }
        if (checkout == null) {
            return new Verdict(false, "no git checkout was given (--repo) to show that " + candidate + " descends from the deployed "
                    + deployed);
        }
        FileRepositoryBuilder b = new FileRepositoryBuilder().findGitDir(checkout.toAbsolutePath().toFile());
        if (b.getGitDir() == null) {
            return new Verdict(false, checkout + " is not in a git checkout, so " + candidate + " cannot be shown to descend from the "
                    + "deployed " + deployed);
        }
        try (Repository repo = b.build(); RevWalk walk = new RevWalk(repo)) {
            ObjectId newId = repo.resolve(candidate + "^{commit}");
            ObjectId oldId = repo.resolve(deployed + "^{commit}");
            if (newId == null) {
                return new Verdict(false, "commit " + candidate + " is not in the checkout " + checkout);
            }
            if (oldId == null) {
                return new Verdict(false, "the deployed commit " + deployed + " is not in the checkout " + checkout
                        + " (a shallow clone, or history rewritten since): fetch the full history");
            }
            RevCommit n = walk.parseCommit(newId);
            RevCommit o = walk.parseCommit(oldId);
            if (n.equals(o)) {
                return new Verdict(true, "the deployed commit " + deployed + " again");
            }
            if (walk.isMergedInto(o, n)) {
                return new Verdict(true, n.getName() + " descends from the deployed " + o.getName() + " (" + count(repo, n, o)
                        + " commit(s) ahead)");
            }
            walk.reset();
            if (walk.isMergedInto(n, o)) {
                return new Verdict(false, "a rewind: " + n.getName() + " is an ancestor of the deployed " + o.getName() + " ("
                        + count(repo, o, n) + " commit(s) behind it)");
            }
            walk.reset();
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(newId));
            walk.markStart(walk.parseCommit(oldId));
            RevCommit base = walk.next();
            return new Verdict(false, "divergent history: " + n.getName() + " does not descend from the deployed " + o.getName()
                    + (base == null ? " (no common ancestor)" : " (they fork at " + base.getName() + "; the deployed side has "
                    + count(repo, o, base) + " commit(s) the new one lacks)"));
        } catch (IOException | RuntimeException e) {
            return new Verdict(false, "could not read the history of " + checkout + ": " + e.getMessage());
        }
    }

    /** How many commits {@code tip} has that {@code base} has not. */
    private static int count(Repository repo, RevCommit tip, RevCommit base) throws IOException {
        try (RevWalk w = new RevWalk(repo)) {
            w.markStart(w.parseCommit(tip));
            w.markUninteresting(w.parseCommit(base));
            int n = 0;
            for (RevCommit ignored : w) {
                n++;
            }
            return n;
        }
    }
}
