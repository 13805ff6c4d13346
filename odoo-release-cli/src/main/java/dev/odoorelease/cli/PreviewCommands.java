package dev.odoorelease.cli;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.result.ResultViews;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.PreviewInfo;
import dev.odoorelease.engine.result.PreviewRemoved;
import dev.odoorelease.engine.result.PreviewResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code preview up|down|list}: a branch's preview environment, created or updated from the project's {@code preview:}
 * template, removed (all of it, verified), and listed. The branch is the argument, else {@code --branch} /
 * {@code $ODOO_RELEASE_BRANCH}.
 */
@Command(name = "preview", mixinStandardHelpOptions = true, description = "Preview environments of branches and pull requests "
        + "(the configuration's preview: section).", subcommands = {PreviewCommands.Up.class, PreviewCommands.Down.class,
        PreviewCommands.List_.class})
final class PreviewCommands extends Commands.Base {
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The branch given as argument, else the root's --branch / $ODOO_RELEASE_BRANCH (null when none). */
    abstract static class OnBranch extends Commands.Base {
        @Parameters(index = "0", arity = "0..1", paramLabel = "BRANCH", description = "The branch (a pull request's is PR-<id>); default: "
                + "--branch or $ODOO_RELEASE_BRANCH.")
        String branch;
    }

    @Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false, description = "Create the branch's preview (a copy of "
            + "the source's latest scrubbed snapshot, neutralized and verified, the filestore hard-linked, the image deployed and "
            + "health-checked) or update it in place; prints its URL. Exit 12 when an update was rolled back.")
    static final class Up extends OnBranch {
        @Option(names = "--image", required = true, paramLabel = "IMAGE", description = "The branch's image.")
        String image;

        @Option(names = "--commit", paramLabel = "SHA", description = "The commit the image was built from; default: HEAD of --repo.")
        String commit;

        @Option(names = "--change-id", paramLabel = "ID", description = "The pull request's id (CHANGE_ID) when the build is of one.")
        String changeId;

        @Option(names = "--update", paramLabel = "MODE", description = "Modules to update: changed (default: against the source's "
                + "deployed commit, needs --repo), all, none, or a comma-separated list.")
        String update;

        @Option(names = "--repo", paramLabel = "DIR", description = "The project's git checkout, for --update changed.")
        Path repo;

        @Option(names = "--allow-skipped-updates", description = "Deploy even when the plan warns that the image's code may not match "
                + "the database's schema (e.g. --update none).")
        boolean allowSkippedUpdates;

        @Override
        public Integer call() {
            PreviewResult r = release().previewUp().branch(branch).changeId(changeId).image(image).commit(commit).update(update)
                    .repository(repo).allowSkippedUpdates(allowSkippedUpdates).call();
            int exit = switch (r.outcome()) {
                case CREATED, UPDATED -> 0;
                case ROLLED_BACK -> ErrorCode.ROLLED_BACK.exitCode();
                case ROLLBACK_FAILED -> ErrorCode.ROLLBACK_FAILED.exitCode();
            };
            return print(exit, view(r), render(r));
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, sortOptions = false, description = "Remove the branch's preview: "
            + "container, database, filestore, snapshots and state, verified gone (and every expired preview). Nothing to remove is "
            + "not an error.")
    static final class Down extends OnBranch {
        @Option(names = "--expired", description = "Only remove the previews whose TTL passed (no branch needed; for a scheduled job).")
        boolean expired;

        @Override
        public Integer call() {
            var down = release().previewDown().branch(branch);
            List<PreviewRemoved> removed = (expired ? down.expiredOnly() : down).call();
            List<String> human = new ArrayList<>();
            if (removed.isEmpty()) {
                human.add(expired ? "No preview has expired." : "Branch " + (branch == null ? "" : branch + " ") + "has no preview: nothing removed.");
            }
            for (PreviewRemoved p : removed) {
                human.add("REMOVED preview " + p.name() + " (branch " + p.branch() + "): " + p.reason());
                p.verified().forEach(v -> human.add("  verified gone: " + v));
            }
            return print(Map.of("removed", removed.stream().map(PreviewCommands::view).toList()), human);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The project's previews, idle longest first (read-only).")
    static final class List_ extends Commands.Base {
        @Override
        public Integer call() {
            List<PreviewInfo> all = release().previewList().call();
            List<String> human = new ArrayList<>();
            if (all.isEmpty()) {
                human.add("No previews.");
            } else {
                human.add(String.format(Locale.ROOT, "%-40s %-24s %-8s %-20s %-20s  %s", "PREVIEW", "BRANCH", "STATUS", "UPDATED",
                        "EXPIRES", "URL"));
                for (PreviewInfo p : all) {
                    human.add(String.format(Locale.ROOT, "%-40s %-24s %-8s %-20s %-20s  %s", p.name(), p.branch(), p.status(), time(p.updatedAt()),
                            time(p.expiresAt()), p.url()));
                }
            }
            return print(Map.of("previews", all.stream().map(PreviewCommands::view).toList()), human);
        }
    }

    static List<String> render(PreviewResult r) {
        List<String> out = new ArrayList<>();
        PreviewInfo p = r.preview();
        for (PreviewRemoved x : r.removed()) {
            out.add("REMOVED preview " + x.name() + " (branch " + x.branch() + "): " + x.reason());
        }
        switch (r.outcome()) {
            case CREATED -> out.add("CREATED preview " + p.name() + " of branch " + p.branch() + " in " + r.phaseMillis().get("total")
                    + " ms: " + p.url());
            case UPDATED -> out.add("UPDATED preview " + p.name() + " of branch " + p.branch() + " to " + p.image() + ": " + p.url());
            default -> out.add(r.outcome() + ": the update of preview " + p.name() + " failed (" + r.deploy().cause() + "); it runs "
                    + r.deploy().previousImage() + " again: " + p.url());
        }
        out.add("  URL: " + p.url());
        out.add("  undo: " + r.undo());
        return out;
    }

    static Map<String, Object> view(PreviewResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
        m.put("succeeded", r.succeeded());
        m.put("url", r.url());
        m.put("preview", view(r.preview()));
        DeployResult d = r.deploy();
        m.put("deploy", d == null ? null : ResultViews.deploy(d));
        m.put("removed", r.removed().stream().map(PreviewCommands::view).toList());
        m.put("phaseMillis", new LinkedHashMap<>(r.phaseMillis()));
        m.put("undo", r.undo());
        return m;
    }

    static Map<String, Object> view(PreviewInfo p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("branch", p.branch());
        m.put("changeId", p.changeId());
        m.put("source", p.source());
        m.put("url", p.url());
        m.put("status", p.status());
        m.put("image", p.image());
        m.put("commit", p.commit());
        m.put("database", p.database());
        m.put("dataDir", p.dataDir());
        m.put("container", p.container());
        m.put("port", p.port());
        m.put("snapshotId", p.snapshotId());
        m.put("createdAt", time(p.createdAt()));
        m.put("updatedAt", time(p.updatedAt()));
        m.put("expiresAt", time(p.expiresAt()));
        return m;
    }

    static Map<String, Object> view(PreviewRemoved p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("branch", p.branch());
        m.put("reason", p.reason());
        m.put("verified", p.verified());
        return m;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
