package dev.odoorelease.engine.internal.state;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The named points where an operation that changes an environment in place records its progress (every write of the
 * {@link Journal}, plus the few steps between two writes that leave data behind), and a fault-injection hook for the
 * test suite that kills the process at each of them ({@code CrashRecoverySuite} and its {@code CrashRecovery*IT} classes; the
 * swarm deploy's points by {@code CrashRecoverySwarmIT}, on a swarm of its own).
 * <p>
 * A point is named {@code <journal operation>:<step>}: {@code deploy:old-stopped}, {@code restore:swapping},
 * {@code clone:begin}; a value written into an operation's journal is {@code <operation>:data:<key>}, the journal's
 * close is {@code <operation>:closed}. The same point is reached by every command that runs that journaled step: a
 * manual rollback and a failed deploy's undo run a {@code restore}, a stage clone runs a {@code clone}.
 * <p>
 * <b>Test hook only.</b> Without the system property {@value #PROPERTY} and the environment variable {@value #ENV}
 * nothing here has any effect. With one of them set, every point reached is traced on standard error
 * ({@code odoo-release crash-point: passed <name>}), and when the process reaches the point it names it prints
 * {@code odoo-release crash-point: waiting at <name>} and blocks forever, so the test can send it a real
 * {@code SIGKILL} at exactly that step. With {@value #RESUME_ENV} naming a file as well, it blocks only until that file
 * exists and then goes on ({@code odoo-release crash-point: resumed at <name>}): the test breaks something at that step
 * (stops Docker, fills the disk) and lets the operation meet it.
 */
public final class CrashPoints {
    /** The system property naming the point to stop at (takes precedence over {@link #ENV}). */
    public static final String PROPERTY = "odoorelease.crashAt";
    /** The environment variable naming the point to stop at. */
    public static final String ENV = "ODOO_RELEASE_CRASH_AT";
    /** The environment variable naming a file whose creation lets the process go on past the point. */
    public static final String RESUME_ENV = "ODOO_RELEASE_CRASH_RESUME";
    /** The prefix of every line the hook prints. */
    public static final String MARKER = "odoo-release crash-point: ";

    /**
     * Every registered point: each journal write on the paths of a deploy (including the undo of a failed one), a manual
     * rollback, a restore, a discard of replaced data, a stage clone, a refresh and a swarm deploy, and each step of a
     * rehearsal. A point reached but not listed here is traced as {@code UNREGISTERED}, which fails the suite;
     * {@code CrashPointsRegisteredTest} reads the main sources for points named there and not listed. Not registered: the writes
     * of an undo that itself fails
     * ({@code rollback-failed}, with a fenced database) and of a swap that is abandoned or whose database rename fails;
     * those paths are tested by the engine's own tests (DeployIT's Docker-stopped rollback, StageCloneFailureIT).
     */
    public static final List<String> ALL = List.of(
            // a deploy (Changeover, DeployRun) and, when it fails, its undo (Rollback)
            "deploy:begin", "deploy:old-stopped", "deploy:data:snapshot", "deploy:snapshot-taken", "deploy:updating",
            "deploy:updated", "deploy:starting-new", "deploy:healthy", "deploy:closed",
            "deploy:data:dbTouched", "deploy:rolling-back", "deploy:data:rollbackRestored", "deploy:data:fenced",
            // a manual rollback (Changeover, RollbackRun)
            "rollback:begin", "rollback:old-stopped", "rollback:data:snapshot", "rollback:snapshot-taken", "rollback:restoring",
            "rollback:restored", "rollback:starting-new", "rollback:healthy", "rollback:closed",
            // a restore (also inside a rollback and a deploy's undo) and a clone (inside a stage clone): SwapJournal
            "restore:begin", "restore:swapping", "restore:filestore-live-moved", "restore:filestore-swapped",
            "restore:database-swapped", "restore:closed", "restore:discarded",
            "clone:begin", "clone:copied", "clone:swapping", "clone:filestore-live-moved", "clone:filestore-swapped",
            "clone:database-swapped", "clone:closed",
            // a refresh's container handover (ContainerHandover; its clone reaches the clone points above)
            "refresh:begin", "refresh:old-stopped", "refresh:starting-new", "refresh:healthy", "refresh:closed",
            // a deploy to a swarm environment (SwarmDeployRun): a rolling code-only deploy (creating, rolling, rolled) or a module
            // update (maintenance-on … starting-new, with the deploy's snapshot, update and undo steps), both healthy and closed
            "swarm-deploy:begin", "swarm-deploy:creating", "swarm-deploy:rolling", "swarm-deploy:rolled",
            "swarm-deploy:maintenance-on", "swarm-deploy:scaled-down", "swarm-deploy:data:snapshot", "swarm-deploy:snapshot-taken",
            "swarm-deploy:updating", "swarm-deploy:updated", "swarm-deploy:starting-new", "swarm-deploy:healthy", "swarm-deploy:closed",
            "swarm-deploy:data:dbTouched", "swarm-deploy:rolling-back", "swarm-deploy:data:rollbackRestored", "swarm-deploy:data:fenced",
            // a rehearsal (RehearsalRun; no journal: each point leaves other throwaway things for the sweep to drop): its
            // history entry and snapshot pin only; + the hidden copy and its folder; + the copy neutral and listed; + its
            // server container running; all dropped, its history entry and pin still open
            "rehearse:begin", "rehearse:copied", "rehearse:neutralized", "rehearse:serving", "rehearse:dropped");

    private CrashPoints() {
    }

    /** The point named by the property or the variable, or null when the hook is off. */
    static String target() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        return p == null || p.isBlank() ? null : p.strip();
    }

    /** Whether the test hook is on (only then does a journal write look up the operation it belongs to). */
    public static boolean active() {
        return target() != null;
    }

    /**
     * The process reached point {@code <operation>:<step>}. Without the test hook: nothing. With it: traced, and if it
     * is the point named, blocks until the process is killed.
     */
    public static void reached(String operation, String step) {
        String target = target();
        if (target == null) {
            return;
        }
        String name = (operation == null ? "unknown" : operation) + ":" + step;
        PrintStream err = System.err;
        err.println(MARKER + (ALL.contains(name) ? "passed " : "UNREGISTERED ") + name);
        if (name.equals(target) || name.toLowerCase(Locale.ROOT).equals(target.toLowerCase(Locale.ROOT))) {
            err.println(MARKER + "waiting at " + name);
            err.flush();
            String resume = System.getenv(RESUME_ENV);
            while (resume == null || resume.isBlank() || !Files.exists(Path.of(resume))) {
                try {
                    Thread.sleep(resume == null || resume.isBlank() ? 60_000 : 100);
                } catch (InterruptedException e) {
                    // only a kill or the resume file ends the wait: an interrupt would let the operation go on
                }
            }
            err.println(MARKER + "resumed at " + name);
        }
        err.flush();
    }
}
