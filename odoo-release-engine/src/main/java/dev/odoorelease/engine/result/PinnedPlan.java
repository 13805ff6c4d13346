package dev.odoorelease.engine.result;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deploy plan pinned by its {@link #id()}: everything an approver is shown, plus the environment's state it was made
 * against. The id is a hash of {@link #facts()}; a deploy given the id ({@code deploy --plan ID}) recomputes the facts
 * under the environment's lock and refuses, changing nothing, when any of them differs or the plan expired.
 *
 * @param id                     the plan id (16 hex digits)
 * @param createdAt              when it was planned (the database server's clock)
 * @param expiresAt              after this a deploy of it is refused (default 24 h after {@code createdAt})
 * @param image                  the image as given ({@code registry/acme/odoo:1f2e3d})
 * @param imageId                the image id the tag names now ({@code sha256:…})
 * @param imageDigest            its registry digest ({@code repository@sha256:…}), null for an image only built locally
 * @param commit                 the commit deployed, null when unknown
 * @param update                 the update mode as given ({@code changed}, {@code all}, {@code none}, a list)
 * @param modules                what goes to {@code odoo -u} (empty: no module update)
 * @param moduleReasons          each module to update and why
 * @param installedModules       the database's installed modules: how many, and a hash of names and versions
 * @param snapshot               the snapshot the deploy takes before it changes anything
 * @param expectedDowntimeMillis from the environment's earlier deploys; null when none is known
 * @param expectedDowntime       the same in words, with what it is based on ({@code unknown: …} when nothing is)
 * @param runningImage           what runs now (the container's image, else the recorded one); null: nothing
 * @param runningCommit          the commit recorded as deployed, null when unknown
 * @param lastOperation          the environment's last deploy, rollback, restore, clone or recovery ({@code deploy
 *                               20261206-…: deployed}), {@code none} before the first
 * @param database               the database's identity (server, name, oid: a restore or clone makes a new oid)
 * @param promotion              for an environment that promotes from another: whether the image was deployed and
 *                               found healthy there (null otherwise)
 * @param lineage                for such an environment: whether the commit descends from the deployed one (null otherwise)
 * @param forceUnproven          the reason given to deploy an image not proven on the source environment, or null
 * @param forceNonLinear         the reason given to deploy a commit that does not descend from the deployed one, or null
 * @param rehearsal              the last rehearsal of this image on the environment ({@code odoo-release rehearse}):
 *                               {@code passed: …}, {@code FAILED: …} or {@code none: …}
 * @param forceFailedRehearsal   the reason given to deploy an image whose last rehearsal failed, or null
 * @param refusals               what a deploy of this plan would refuse now (and the override it needs); empty: none
 */
public record PinnedPlan(String id, String environment, Instant createdAt, Instant expiresAt, String image, String imageId,
                         String imageDigest, String commit, String update, String modules, Map<String, String> moduleReasons,
                         String installedModules, String snapshot, Long expectedDowntimeMillis, String expectedDowntime,
                         String runningImage, String runningCommit, String lastOperation, String database, String promotion,
                         String lineage, String forceUnproven, String forceNonLinear, String rehearsal, String forceFailedRehearsal,
                         List<String> refusals)
        implements Serializable {
    public PinnedPlan {
        moduleReasons = moduleReasons == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(moduleReasons));
        refusals = refusals == null ? List.of() : List.copyOf(refusals);
    }

    /**
     * What the id hashes and a deploy compares, in a fixed order, by name: every field but the id, the times and the
     * refusals (which follow from the others).
     */
    public Map<String, String> facts() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("environment", environment);
        f.put("image", image);
        f.put("image id", imageId);
        f.put("image digest", String.valueOf(imageDigest));
        f.put("commit", String.valueOf(commit));
        f.put("update mode", update);
        f.put("modules to update", modules.isEmpty() ? "(none)" : modules);
        StringBuilder why = new StringBuilder();
        moduleReasons.forEach((m, r) -> why.append(why.length() == 0 ? "" : "; ").append(m).append(": ").append(r));
        f.put("why", why.toString());
        f.put("installed modules", installedModules);
        f.put("snapshot", snapshot);
        f.put("expected downtime", expectedDowntime);
        f.put("running image", String.valueOf(runningImage));
        f.put("running commit", String.valueOf(runningCommit));
        f.put("last operation", lastOperation);
        f.put("database", database);
        f.put("promotion", String.valueOf(promotion));
        f.put("lineage", String.valueOf(lineage));
        f.put("force unproven", String.valueOf(forceUnproven));
        f.put("force non-linear", String.valueOf(forceNonLinear));
        f.put("rehearsal", String.valueOf(rehearsal));
        f.put("force failed rehearsal", String.valueOf(forceFailedRehearsal));
        return f;
    }

    /** The plan as an approver reads it, one fact a line, the id first. */
    public List<String> lines() {
        List<String> out = new java.util.ArrayList<>();
        out.add("plan " + id + " for " + environment + " (valid until " + expiresAt + ")");
        out.add("  image: " + image + " = " + imageId + (imageDigest == null ? " (no registry digest)" : ", " + imageDigest));
        out.add("  commit: " + (commit == null ? "unknown" : commit));
        out.add("  now running: " + (runningImage == null ? "nothing" : runningImage) + (runningCommit == null ? "" : " (commit " + runningCommit + ")")
                + "; last operation: " + lastOperation);
        out.add("  module update: " + (modules.isEmpty() ? "none" : modules));
        moduleReasons.forEach((m, r) -> out.add("    " + m + ": " + r));
        out.add("  snapshot first: " + snapshot);
        out.add("  expected downtime: " + expectedDowntime);
        if (rehearsal != null) {
            out.add("  rehearsal: " + rehearsal);
        }
        if (promotion != null) {
            out.add("  promotion: " + promotion);
        }
        if (lineage != null) {
            out.add("  history: " + lineage);
        }
        if (forceUnproven != null) {
            out.add("  override, unproven image: " + forceUnproven);
        }
        if (forceNonLinear != null) {
            out.add("  override, non-linear history: " + forceNonLinear);
        }
        if (forceFailedRehearsal != null) {
            out.add("  override, failed rehearsal: " + forceFailedRehearsal);
        }
        refusals.forEach(r -> out.add("  A DEPLOY OF THIS PLAN IS REFUSED: " + r));
        out.add("  deploy exactly this: odoo-release deploy " + environment + " --plan " + id + " --approved-by NAME");
        return out;
    }
}
