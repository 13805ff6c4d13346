package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.config.PreviewTemplate;
import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.PreviewRemoved;
import hudson.Extension;
import hudson.model.Computer;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Node;
import hudson.model.TaskListener;
import hudson.model.listeners.ItemListener;
import hudson.remoting.VirtualChannel;
import hudson.util.LogTaskListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.Timer;

/**
 * Removes a branch's preview when its job is deleted: a multibranch project deletes a branch's job when the branch is
 * gone or its pull request closed. The removal (all of it, verified by the engine) runs on the node where the preview
 * was made, with the source environment's credentials looked up in the deleted job's folder, off the request thread.
 * When the node is offline, or the removal fails, it is logged, and the preview goes when its TTL passes (or by hand:
 * {@code odoo-release preview down BRANCH}).
 */
@Extension
public final class OdooPreviewCleanup extends ItemListener {
    private static final Logger LOGGER = Logger.getLogger(OdooPreviewCleanup.class.getName());

    @Override
    public void onDeleted(Item item) {
        if (!(item instanceof Job<?, ?>)) {
            return;
        }
        PreviewJobs.Entry e = PreviewJobs.remove(item.getFullName());
        if (e == null) {
            return;
        }
        Item folder = item.getParent() instanceof Item parent ? parent : null;
        Timer.get().submit(() -> remove(item.getFullName(), folder, e));
    }

    @Override
    public void onLocationChanged(Item item, String oldFullName, String newFullName) {
        PreviewJobs.move(oldFullName, newFullName);
    }

    static void remove(String job, Item folder, PreviewJobs.Entry e) {
        try {
            OdooProject project = OdooReleaseConfiguration.get().project(e.project());
            PreviewTemplate template = project.previewTemplate();
            if (template == null) {
                LOGGER.info("Job " + job + " had a preview, but project " + e.project()
                        + " has no preview template any more: "
                        + "nothing to remove from here (odoo-release preview down " + e.branch() + ")");
                return;
            }
            ReleaseConfig config = EngineConfigs.forCleanup(project, folder, Set.of(template.source()));
            Node node = e.node().isEmpty() ? Jenkins.get() : Jenkins.get().getNode(e.node());
            Computer computer = node == null ? null : node.toComputer();
            VirtualChannel channel = computer == null ? null : computer.getChannel();
            if (channel == null) {
                LOGGER.warning("Could not remove the preview of branch " + e.branch() + " (job " + job + "): node "
                        + (e.node().isEmpty() ? "(controller)" : e.node())
                        + " is offline. It goes when its TTL passes, or "
                        + "with odoo-release preview down " + e.branch() + ".");
                return;
            }
            TaskListener log = new LogTaskListener(LOGGER, Level.INFO);
            Map<String, Object> r = channel.call(new AgentCall(
                    config,
                    e.branch(),
                    "jenkins: job " + job + " deleted",
                    log,
                    UUID.randomUUID().toString(),
                    new Down(e.branch())));
            LOGGER.info(Messages.OdooPreviewCleanup_Removed(e.branch(), job, r.get("removed")));
        } catch (Exception | LinkageError x) {
            LOGGER.log(
                    Level.WARNING,
                    "Could not remove the preview of branch " + e.branch() + " (job " + job + " was deleted); "
                            + "it goes when its TTL passes, or with odoo-release preview down " + e.branch(),
                    x);
        }
    }

    /** The engine's {@code previewDown()} of one branch, on the node the preview is on. */
    private record Down(String branch) implements EngineOperation {
        @Override
        public Map<String, Object> call(OdooRelease release, ProgressListener log) {
            List<Object> removed = new ArrayList<>();
            for (PreviewRemoved r : release.previewDown().branch(branch).call()) {
                removed.add(PreviewResults.removed(r));
            }
            return Map.of("removed", removed);
        }
    }
}
