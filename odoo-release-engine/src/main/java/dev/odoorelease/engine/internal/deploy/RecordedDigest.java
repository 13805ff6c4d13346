package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.ImageInfo;
import dev.odoorelease.engine.progress.ProgressListener;
import java.util.Optional;

/**
 * Runs a recorded version by its registry digest ({@code repository@sha256:…}) when its tag moved: from the engine
 * when it still has that digest, else pulled by digest — a digest names one manifest forever, so the pull brings back
 * exactly the image that was deployed. The image id the pull gives must be the recorded one.
 */
final class RecordedDigest {
    private RecordedDigest() {
    }

    /**
     * @param moved    what happened to the tag, for the progress line
     * @param digest   the recorded digest reference
     * @param imageId  the recorded image id
     */
    static DeployContext.Pinned run(DockerCli docker, ProgressListener progress, String moved, String digest, String imageId) {
        Optional<ImageInfo> local = docker.images().inspect(digest);
        if (local.isEmpty()) {
            progress.warn(moved + ": pulling the recorded digest " + digest);
            try {
                docker.images().pull(digest, null);
            } catch (OdooReleaseException e) {
                if (docker.images().inspect(imageId).isPresent()) {
                    progress.warn("could not pull " + digest + " (" + e.getMessage() + "); running the recorded image by its id, "
                            + imageId + ", which the engine still has");
                    return new DeployContext.Pinned(imageId, imageId);
                }
                throw new OdooReleaseException(e.errorCode(), "Unable to run the recorded image " + digest + " (" + imageId
                        + "): " + moved + ", the engine no longer has it and pulling it by its digest failed: " + e.getMessage()
                        + " Check that the registry is reachable and still holds that digest (a registry's garbage collection"
                        + " deletes untagged manifests), or log the engine in to it (docker login).", e);
            }
            local = docker.images().inspect(digest);
        } else {
            progress.warn(moved + ": running the recorded digest " + digest);
        }
        String id = local.map(ImageInfo::id).orElse(null);
        if (!imageId.equals(id)) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to run the recorded image " + digest + ": it is image "
                    + id + " on this engine, not the recorded " + imageId + ". Nothing was started. Check which image the record"
                    + " names (odoo-release history) and pull or build it by hand.");
        }
        return new DeployContext.Pinned(digest, imageId);
    }
}
