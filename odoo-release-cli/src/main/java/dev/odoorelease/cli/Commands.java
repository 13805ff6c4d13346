package dev.odoorelease.cli;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.result.ResultViews;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.DriftResult;
import dev.odoorelease.engine.result.EnvironmentStatus;
import dev.odoorelease.engine.result.RollbackResult;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.result.RestoreResult;
import dev.odoorelease.engine.result.SnapshotResult;
import dev.odoorelease.engine.result.StageCloneResult;
import dev.odoorelease.engine.result.Snapshot;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The subcommands: each parses its arguments, runs one command of {@link OdooRelease} and prints the result. */
final class Commands {
    private Commands() {
    }

    /** What every command has: the root's options, the facade, the output. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        Main main() {
            return (Main) spec.root().userObject();
        }

        OdooRelease release() {
            return main().release();
        }

        Output out() {
            return main().output();
        }

        String name() {
            return spec.qualifiedName(" ").replaceFirst("^odoo-release ", "");
        }

        int print(Object value, List<String> human) {
            return out().result(name(), 0, value, human);
        }

        int print(int exitCode, Object value, List<String> human) {
            return out().result(name(), exitCode, value, human);
        }
    }

    /** A command on one environment: its first argument. */
    abstract static class OnEnvironment extends Base {
        @Parameters(index = "0", paramLabel = "ENVIRONMENT", description = "An environment of the configuration.")
        String environment;
    }

    /** A command on one snapshot of an environment. */
    abstract static class OnSnapshot extends OnEnvironment {
        @Parameters(index = "1", paramLabel = "SNAPSHOT", description = "A snapshot id, as `snapshots list` shows them.")
        String id;
    }

    /** Options of plan and deploy. */
    static final class DeployOptions {
        @Option(names = "--image", paramLabel = "IMAGE", description = "The image to deploy ([registry/]repository:tag); "
                + "required, except for a deploy of a stored plan (--plan), which deploys the plan's image.")
        String image;

        @Option(names = "--commit", paramLabel = "SHA", description = "The git commit the image was built from (recorded; compared by --update changed); default: HEAD of --repo.")
        String commit;

        @Option(names = "--update", paramLabel = "MODE", description = "Modules to update: changed (default: modules whose files "
                + "changed since the deployed commit, needs --repo; --commit defaults to its HEAD), all, none, or a comma-separated list.")
        String update;

        @Option(names = "--repo", paramLabel = "DIR", description = "The project's git checkout, for --update changed.")
        Path repo;

        @Option(names = "--allow-skipped-updates", description = "Deploy even when the plan warns that the image's code may not "
                + "match the database's schema (--update none, or installed modules whose manifest version differs from the "
                + "database's left out of the update); refused otherwise.")
        boolean allowSkippedUpdates;

        @Option(names = "--force-unproven", paramLabel = "REASON", description = "For an environment with promotesFrom: deploy an "
                + "image that was never deployed and found healthy on that environment, for this reason (recorded in the history).")
        String forceUnproven;

        @Option(names = "--force-non-linear", paramLabel = "REASON", description = "For an environment with promotesFrom: deploy a "
                + "commit that does not descend from the deployed one (a rewind, a divergent branch), for this reason (recorded).")
        String forceNonLinear;

        @Option(names = "--force-failed-rehearsal", paramLabel = "REASON", description = "Deploy an image whose last rehearsal on "
                + "the environment (`rehearse`) failed, for this reason (recorded in the history); refused otherwise.")
        String forceFailedRehearsal;

        dev.odoorelease.engine.Deploy deploy(OdooRelease release, String environment) {
            return release.deploy().environment(environment).image(image).commit(commit).update(update).repository(repo)
                    .allowSkippedUpdates(allowSkippedUpdates).forceUnproven(forceUnproven).forceNonLinear(forceNonLinear)
                    .forceFailedRehearsal(forceFailedRehearsal);
        }
    }

    /** {@code --from} of a stage clone or a refresh: {@code live}, or {@code snapshot} (its newest verified one). */
    static dev.odoorelease.engine.StageClone.From cloneSource(String from, String unableTo) {
        return switch (from.toLowerCase(java.util.Locale.ROOT)) {
            case "live" -> dev.odoorelease.engine.StageClone.From.LIVE;
            case "snapshot", "latest-snapshot" -> dev.odoorelease.engine.StageClone.From.LATEST_SNAPSHOT;
            default -> throw new dev.odoorelease.engine.OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to " + unableTo
                    + ": --from '" + from + "' is neither live nor snapshot.");
        };
    }

    @Command(name = "snapshot", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Snapshot an environment's database and filestore (one point in time), verified against the source.")
    static final class TakeSnapshot extends OnEnvironment {
        @Option(names = "--kind", paramLabel = "KIND", description = "template or dump (default: the environment's snapshots.kind).")
        String kind;

        @Option(names = "--label", paramLabel = "TEXT", description = "A note kept with the snapshot.")
        String label;

        @Option(names = "--drain-sessions", description = "A template snapshot terminates the sessions on the database instead of refusing.")
        boolean drain;

        @Override
        public Integer call() {
            SnapshotResult r = release().snapshot().environment(environment).kind(kind == null ? null : SnapshotKind.parse(kind))
                    .label(label).drainSessions(drain).call();
            return print(r, Render.snapshot(r));
        }
    }

    @Command(name = "snapshots", mixinStandardHelpOptions = true, description = "List, verify and delete an environment's snapshots.",
            subcommands = {Snapshots.List_.class, Snapshots.Verify.class, Snapshots.Delete.class, Snapshots.DiscardReplaced.class})
    static final class Snapshots extends Base {
        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "The environment's snapshots, newest first.")
        static final class List_ extends OnEnvironment {
            @Option(names = "--all", description = "Include deleted and consumed snapshots.")
            boolean all;

            @Override
            public Integer call() {
                List<Snapshot> list = release().listSnapshots().environment(environment).includeDeleted(all).call();
                return print(list, Render.snapshots(environment, list));
            }
        }

        @Command(name = "verify", mixinStandardHelpOptions = true,
                description = "Re-check a snapshot against its manifest; one that fails is marked failed and never used (exit 9).")
        static final class Verify extends OnSnapshot {
            @Override
            public Integer call() {
                List<String> problems = release().verifySnapshot().environment(environment).snapshot(id).call().problems();
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("environment", environment);
                v.put("snapshot", id);
                v.put("sound", problems.isEmpty());
                v.put("problems", problems);
                List<String> human = problems.isEmpty() ? List.of("Snapshot " + id + " of " + environment + " is sound.")
                        : Render.list("Snapshot " + id + " of " + environment + " FAILED verification (marked failed, never used):", problems);
                return print(problems.isEmpty() ? 0 : ErrorCode.VERIFICATION.exitCode(), v, human);
            }
        }

        @Command(name = "delete", mixinStandardHelpOptions = true,
                description = "Delete a snapshot (refused for one a running operation still needs).")
        static final class Delete extends OnSnapshot {
            @Override
            public Integer call() {
                release().deleteSnapshot().environment(environment).snapshot(id).call();
                return print(Map.of("environment", environment, "snapshot", id, "deleted", true),
                        List.of("Deleted snapshot " + id + " of " + environment + "."));
            }
        }

        @Command(name = "discard-replaced", mixinStandardHelpOptions = true,
                description = "Confirm a restore or stage clone: drop the database and folder it replaced and kept.")
        static final class DiscardReplaced extends OnEnvironment {
            @Parameters(index = "1", paramLabel = "OPERATION", description = "The restore's or clone's operation id.")
            String operation;

            @Override
            public Integer call() {
                release().discardReplaced().environment(environment).operation(operation).call();
                return print(Map.of("environment", environment, "operation", operation, "discarded", true),
                        List.of("Discarded the data operation " + operation + " replaced in " + environment + "."));
            }
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Replace an environment's database and filestore with one of its verified snapshots. The replaced data "
                    + "is kept until `snapshots discard-replaced`.")
    static final class Restore extends OnSnapshot {
        @Option(names = "--allow-production", description = "Confirm a restore into a production environment (prefer rollback).")
        boolean allowProduction;

        @Override
        public Integer call() {
            RestoreResult r = release().restore().environment(environment).snapshot(id).allowProduction(allowProduction).call();
            return print(r, Render.restore(environment, r));
        }
    }

    @Command(name = "stage-clone", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Replace TARGET with an anonymized, neutralized, verified copy of SOURCE (never a production target), "
                    + "and print its differences report.")
    static final class StageClone extends Base {
        @Parameters(index = "0", paramLabel = "SOURCE")
        String source;

        @Parameters(index = "1", paramLabel = "TARGET")
        String target;

        @Option(names = "--from", paramLabel = "FROM", description = "live (the running source, no downtime) or snapshot "
                + "(its newest verified snapshot; default).")
        String from = "snapshot";

        @Option(names = "--drain", description = "Terminate the target's own Odoo sessions on its database instead of refusing.")
        boolean drain;

        @Option(names = "--report", description = "Print the whole differences report (Markdown), not only its summary and checks.")
        boolean report;

        @Override
        public Integer call() {
            dev.odoorelease.engine.StageClone.From src = cloneSource(from, "stage-clone " + source + " into " + target);
            StageCloneResult r = release().stageClone().source(source).target(target).from(src).drainTarget(drain).call();
            return print(r, Render.stageClone(r, report));
        }
    }

    @Command(name = "drift", mixinStandardHelpOptions = true, sortOptions = false,
            description = "How far TARGET (staging) has drifted from SOURCE (production): code, configuration, schema, data volume "
                    + "and age, each difference classified deliberate (the last stage clone report accounts for it) or drift. "
                    + "Read-only on both sides; writes drift-report.json and drift-report.md.")
    static final class Drift extends Base {
        @Parameters(index = "0", paramLabel = "SOURCE", description = "The environment staging is a copy of (production).")
        String source;

        @Parameters(index = "1", paramLabel = "TARGET", description = "The staging environment.")
        String target;

        @Option(names = "--output", paramLabel = "DIR", description = "Folder for the report (default: "
                + "<target's dataDir>/.odoo-release/reports/drift-<id>).")
        Path output;

        @Option(names = "--fail-on-drift", description = "Exit 9 when anything drifted or the target is older than its maxAge.")
        boolean failOnDrift;

        @Option(names = "--report", description = "Print the whole report (Markdown), not only its summary and the drift.")
        boolean report;

        @Override
        public Integer call() {
            DriftResult r = release().drift().source(source).target(target).writeTo(output).call();
            boolean failed = failOnDrift && (!r.report().drift().isEmpty() || r.report().age().tooOld());
            return print(failed ? ErrorCode.VERIFICATION.exitCode() : 0, r.report(), Render.drift(r, report));
        }
    }


    @Command(name = "refresh", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Refresh STAGING from production: a stage clone that keeps the records staging.carryOver lists, with "
                    + "staging's container stopped first and its image (or --image) started and health-checked after. A refresh "
                    + "that fails leaves the previous staging serving.")
    static final class Refresh extends Base {
        @Parameters(index = "0", paramLabel = "STAGING")
        String target;

        @Option(names = "--from", paramLabel = "FROM", description = "live (the running source, no downtime) or snapshot "
                + "(its newest verified snapshot; default).")
        String from = "snapshot";

        @Option(names = "--image", paramLabel = "IMAGE", description = "The image staging serves after the refresh (default: the "
                + "one it runs now).")
        String image;

        @Option(names = "--source", paramLabel = "SOURCE", description = "The environment copied (default: the project's production "
                + "environment).")
        String source;

        @Option(names = "--report", description = "Print the whole differences report (Markdown), not only its summary and checks.")
        boolean report;

        @Override
        public Integer call() {
            dev.odoorelease.engine.StageClone.From src = cloneSource(from, "refresh " + target);
            dev.odoorelease.engine.result.RefreshResult r = release().refresh().target(target).source(source).from(src).image(image).call();
            return print(r, Render.refresh(r, report));
        }
    }

    @Command(name = "rehearse", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Rehearse a deploy of an image on the environment's own data, without touching it: its latest verified "
                    + "snapshot (or --fresh-snapshot) copied into a throwaway database and filestore, neutralized and verified neutral, "
                    + "the module update run and the image started and health-checked on it, then everything dropped. Prints the "
                    + "update's duration, warnings, errors and schema changes; recorded for `plan`. Exit 9 when it fails.")
    static final class Rehearse extends OnEnvironment {
        @Option(names = "--image", paramLabel = "IMAGE", description = "The image to rehearse ([registry/]repository:tag); required.")
        String image;

        @Option(names = "--fresh-snapshot", description = "Take a fresh dump snapshot (online, pg_dump) to rehearse on, instead of "
                + "the latest verified one.")
        boolean freshSnapshot;

        @Option(names = "--update", paramLabel = "MODE", description = "Modules to update: changed (needs --repo), all, or a "
                + "comma-separated list; default: changed with --repo, else all.")
        String update;

        @Option(names = "--repo", paramLabel = "DIR", description = "The project's git checkout, for --update changed.")
        Path repo;

        @Option(names = "--commit", paramLabel = "SHA", description = "The git commit the image was built from; default: HEAD of --repo.")
        String commit;

        @Option(names = "--server-of", paramLabel = "ENV", description = "Put the throwaway copy on this environment's database "
                + "server and data directory (e.g. a rehearsal server) instead of ENVIRONMENT's own; only a dump snapshot can be "
                + "restored there.")
        String serverOf;

        @Override
        public Integer call() {
            dev.odoorelease.engine.result.RehearsalResult r = release().rehearse().environment(environment).image(image)
                    .freshSnapshot(freshSnapshot).update(update).repository(repo).commit(commit).serverOf(serverOf).call();
            return print(r.passed() ? 0 : ErrorCode.VERIFICATION.exitCode(), ResultViews.rehearsal(r), Render.rehearsal(r));
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
            description = "What a deploy would do, pinned: image id and digest, commit, the modules to update and why, the "
                    + "snapshot, expected downtime, what runs now, and a plan id to approve and deploy with `deploy --plan ID`. "
                    + "Changes nothing but storing the plan.")
    static final class Plan extends OnEnvironment {
        @picocli.CommandLine.Mixin
        DeployOptions options = new DeployOptions();

        @Override
        public Integer call() {
            DeployResult r = options.deploy(release(), environment).dryRun(true).call();
            return print(ResultViews.deploy(r), Render.deploy(r));
        }
    }

    @Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Deploy an image: snapshot, module update, start, health check; on any failure an automatic rollback of "
                    + "database, filestore and container (exit 12), or exit 13 with the commands to finish by hand.")
    static final class Deploy extends OnEnvironment {
        @picocli.CommandLine.Mixin
        DeployOptions options = new DeployOptions();

        @Option(names = "--recover-interrupted", description = "Recover an interrupted earlier deploy first instead of refusing.")
        boolean recover;

        @Option(names = "--plan", paramLabel = "ID", description = "Deploy exactly this plan (`plan` printed its id): refused, "
                + "nothing changed, when it expired (24 h) or anything it pinned differs now. --image, --commit, --update may be "
                + "left out (the plan's are used).")
        String plan;

        @Option(names = "--approved-by", paramLabel = "NAME", description = "Who approved the deploy; recorded in the history.")
        String approvedBy;

        @Override
        public Integer call() {
            DeployResult r = options.deploy(release(), environment).plan(plan).approvedBy(approvedBy).recoverInterrupted(recover).call();
            return print(exitCode(r), ResultViews.deploy(r), Render.deploy(r));
        }
    }

    /** 0 for a plan or a deploy, 12 rolled back, 13 rollback failed. */
    static int exitCode(DeployResult r) {
        return switch (r.outcome()) {
            case PLANNED, DEPLOYED -> 0;
            case ROLLED_BACK -> ErrorCode.ROLLED_BACK.exitCode();
            case ROLLBACK_FAILED -> ErrorCode.ROLLBACK_FAILED.exitCode();
        };
    }

    @Command(name = "health", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Check an environment's Odoo: its container (when managed) and /web/health, /web/login, version. Exit 10 "
                    + "when unhealthy.")
    static final class Health extends OnEnvironment {
        @Option(names = "--wait", description = "Probe until healthy or the configured health timeout, instead of once.")
        boolean wait;

        @Override
        public Integer call() {
            HealthReport r = release().health().environment(environment).waitUntilHealthy(wait).call();
            List<String> human = new java.util.ArrayList<>(Render.health(environment, r));
            release().refreshAge().environment(environment).call().ifPresent(w -> human.add("WARNING: " + w));
            return print(r.healthy() ? 0 : ErrorCode.HEALTH.exitCode(), r, human);
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Roll an environment back by hand — database, filestore and image — to the snapshot its last deploy took "
                    + "(or a chosen one), with a safety snapshot first so the rollback can be undone. Exit 12 when it failed and the "
                    + "current version was put back, 13 when that failed too.")
    static final class Rollback extends OnEnvironment {
        @Option(names = "--snapshot", paramLabel = "ID", description = "The snapshot to go back to (default: previous, the one the "
                + "last deploy took).")
        String snapshot;

        @Option(names = "--image", paramLabel = "IMAGE", description = "Run this image with the snapshot's data instead of the one "
                + "recorded with it (needed for a snapshot taken before odoo-release deployed anything).")
        String image;

        @Option(names = "--dry-run", description = "Only say what it would do.")
        boolean dryRun;

        @Override
        public Integer call() {
            RollbackResult r = release().rollback().environment(environment).snapshot(snapshot).image(image).dryRun(dryRun).call();
            int exit = switch (r.outcome()) {
                case PLANNED, ROLLED_BACK -> 0;
                case KEPT_CURRENT -> ErrorCode.ROLLED_BACK.exitCode();
                case ROLLBACK_FAILED -> ErrorCode.ROLLBACK_FAILED.exitCode();
            };
            return print(exit, ResultViews.rollback(r), Render.rollback(r));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Where each environment stands: what is deployed, its container and health now, snapshots, interrupted "
                    + "operations, recent history. Read-only: takes no lock, creates nothing.")
    static final class Status extends Base {
        @Parameters(arity = "0..*", paramLabel = "ENVIRONMENT", description = "Environments to show (default: all, in configuration order).")
        List<String> environments = List.of();

        @Override
        public Integer call() {
            OdooRelease release = release();
            List<String> names = environments.isEmpty()
                    ? release.config().environments().stream().map(e -> e.name()).toList() : environments;
            names.forEach(n -> release.config().environment(n)); // an unknown name fails before anything is read
            List<Map<String, Object>> all = new java.util.ArrayList<>();
            List<String> human = new java.util.ArrayList<>();
            OdooReleaseException first = null;
            for (String n : names) {
                // each environment on its own: one that cannot be read is shown with its error, the others still are
                try {
                    EnvironmentStatus st = release.status().environment(n).call();
                    HealthReport health = release.config().environment(n).health().isPresent()
                            ? release.health().environment(n).waitUntilHealthy(false).call() : null;
                    Map<String, Object> m = ResultViews.status(st);
                    if (health != null) {
                        m.put("healthy", health.healthy());
                        m.put("health", health.summary());
                    }
                    all.add(m);
                    human.addAll(Render.status(st, health));
                    if (st.databaseError() != null && first == null) {
                        first = new OdooReleaseException(ErrorCode.DB_CONNECTION, st.databaseError());
                    }
                } catch (OdooReleaseException e) {
                    first = first == null ? e : first;
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("environment", n);
                    m.put("error", e.getMessage());
                    m.put("errorCategory", e.errorCode().name());
                    all.add(m);
                    human.add(n + ": UNABLE TO READ ITS STATUS: " + e.getMessage());
                }
            }
            // what could be read is printed; the exit status says that something could not (that of the first failure)
            return print(first == null ? 0 : first.errorCode().exitCode(), all, human);
        }
    }

    @Command(name = "recover", mixinStandardHelpOptions = true,
            description = "Finish or roll back an interrupted deploy (killed process, dead agent), whichever is safe.")
    static final class Recover extends OnEnvironment {
        @Override
        public Integer call() {
            Optional<DeployResult> r = release().recover().environment(environment).call();
            if (r.isEmpty()) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("environment", environment);
                v.put("recovered", false);
                return print(v, List.of("Nothing to recover: no deploy of " + environment + " was interrupted."));
            }
            DeployResult d = r.get();
            return print(d.outcome() == DeployResult.Outcome.ROLLBACK_FAILED ? ErrorCode.ROLLBACK_FAILED.exitCode() : 0, ResultViews.deploy(d),
                    Render.deploy(d));
        }
    }
}
