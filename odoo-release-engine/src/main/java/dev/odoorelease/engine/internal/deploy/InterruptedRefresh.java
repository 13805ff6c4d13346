package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.internal.snapshot.ReinstateReplaced;
import dev.odoorelease.engine.result.CloneResult;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.JournalEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finishes a refresh killed between stopping the environment's container and serving again ({@link ContainerHandover}'s
 * journal), doing whichever is safe. Its clone (journal {@code <refresh id>-clone}) was already completed or undone from
 * its own journal when the lock was taken. Then:
 * <ul>
 * <li>the new container had passed its health check ({@code healthy}): the refresh is completed — the kept container
 * removed, the image recorded as deployed;</li>
 * <li>otherwise: staging is put back as it was, as a refresh that fails does — the container the refresh started removed,
 * the previous data swapped back when the clone had swapped it ({@link ReinstateReplaced}: the refreshed copy is kept
 * until discarded), the kept container renamed back and started, health-checked, when it was running.</li>
 * </ul>
 * A failure leaves the journal open: every deploy, rollback and refresh still refuses, and {@code recover} tries again
 * (each step is done only when still needed).
 */
final class InterruptedRefresh {
    private final DeployContext dc;

    InterruptedRefresh(DeployContext dc) {
        this.dc = dc;
    }

    DeployResult recover(JournalEntry j) {
        Map<String, String> d = j.data();
        String refreshOp = d.get("operation");
        String newImage = d.get("newImage");
        String oldImage = blank(d.get("oldImage")) ? null : d.get("oldImage");
        String by = " (by recovery " + dc.ctx().operationId() + ")";
        dc.progress().info("Recovering refresh " + refreshOp + " of " + dc.env().name() + ", interrupted at step '" + j.step() + "'");
        if ("healthy".equals(j.step())) {
            ContainerHandover.complete(dc, refreshOp, newImage, blank(d.get("build")) ? null : d.get("build"));
            dc.journal().close(j.operationId(), "refreshed" + by);
            dc.progress().info("Completed refresh " + refreshOp + ": its new container had passed the health check");
            return new DeployResult(DeployResult.Outcome.DEPLOYED, dc.env().name(), refreshOp, oldImage, newImage, null, null, null, null,
                    null, List.of(), List.of(), Map.of(), 0, null, null);
        }
        String cause = "refresh " + refreshOp + " was interrupted at step '" + j.step() + "'";
        // the new container first: it must not run on the data while it is swapped back
        ContainerHandover.removeStarted(dc, refreshOp);
        String keptAs = null;
        Optional<JournalEntry> clone = dc.store().journal().find(d.get("clone"));
        if (clone.isPresent() && clone.get().step().startsWith("swapped")) {
            Map<String, String> c = clone.get().data();
            CloneResult swapped = new CloneResult(clone.get().operationId(), null, dc.env().name(), null, false, null, c.get("replacedDb"),
                    c.get("replacedFs"), 0, Duration.ZERO);
            dc.progress().info("Putting back the data " + dc.env().name() + " had before refresh " + refreshOp
                    + " (its clone had swapped the refreshed copy in)");
            keptAs = ReinstateReplaced.previous(dc.ctx(), swapped);
        }
        String done = ContainerHandover.putBack(dc, refreshOp, Boolean.parseBoolean(d.get("hadOld")),
                Boolean.parseBoolean(d.get("wasRunning")), oldImage);
        dc.journal().close(j.operationId(), "put-back" + by);
        dc.progress().info("Undid refresh " + refreshOp + " of " + dc.env().name() + ": " + done
                + (keptAs == null ? "; its data was never replaced" : "; the refreshed copy is kept (discard it with "
                + "`odoo-release snapshots discard-replaced " + dc.env().name() + " " + keptAs + "`)"));
        return new DeployResult(DeployResult.Outcome.ROLLED_BACK, dc.env().name(), refreshOp, newImage, oldImage, null, null, null, null,
                cause, List.of(), List.of(), Map.of(), 0, null, null);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
