package dev.odoorelease.engine;

import dev.odoorelease.engine.config.UpdateMode;
import dev.odoorelease.engine.internal.preview.PreviewUpCommand;
import dev.odoorelease.engine.result.PreviewResult;
import java.nio.file.Path;

/**
 * Creates a branch's preview environment, or updates it in place ({@link OdooRelease#previewUp()}): a copy of the
 * source's latest scrubbed snapshot (refused for unscrubbed data), neutralized and verified for its own URL, the
 * filestore hard-linked, the branch's image deployed with a module update and a health check; the URL in the result.
 * The branch is the one given here, else the facade's {@link OdooRelease#branch(String)}.
 *
 * <pre>{@code
 * PreviewResult r = release.previewUp().branch("feature/login").image("registry/acme:1f2e3d").repository(checkout).call();
 * r.url();
 * }</pre>
 */
public final class PreviewUp {
    private final OdooRelease release;
    private String branch;
    private String changeId;
    private String image;
    private String commit;
    private String update;
    private Path repository;
    private boolean allowSkippedUpdates;

    PreviewUp(OdooRelease release) {
        this.release = release;
    }

    /** The branch to preview ({@code BRANCH_NAME}; a pull request's is {@code PR-12}). */
    public PreviewUp branch(String b) {
        this.branch = b;
        return this;
    }

    /** The change request's id ({@code CHANGE_ID}) when the build is of a pull request; null for a branch. */
    public PreviewUp changeId(String id) {
        this.changeId = id;
        return this;
    }

    public PreviewUp image(String i) {
        this.image = i;
        return this;
    }

    public PreviewUp commit(String c) {
        this.commit = c;
        return this;
    }

    /** {@code changed} (the default), {@code all}, {@code none}, or a comma-separated module list. */
    public PreviewUp update(String u) {
        this.update = u;
        return this;
    }

    /** The project's git checkout, for {@code update: changed}. */
    public PreviewUp repository(Path r) {
        this.repository = r;
        return this;
    }

    public PreviewUp allowSkippedUpdates(boolean a) {
        this.allowSkippedUpdates = a;
        return this;
    }

    public PreviewResult call() {
        String b = branch != null ? branch : release.branch();
        OdooRelease.requireImage(image, "create a preview of", b == null ? null : "for branch " + b);
        return new PreviewUpCommand(release.config()).branch(b).changeId(changeId).image(image).commit(commit)
                .update(update == null ? null : UpdateMode.parse(update)).repository(repository).allowSkippedUpdates(allowSkippedUpdates)
                .build(release.build()).lockTimeout(release.lockTimeout()).progress(release.progress()).call();
    }
}
