package io.jenkins.plugins.odoorelease;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.AbstractItem;
import hudson.model.Action;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.TransientActionFactory;

/**
 * The "Odoo environments" page of a job and of the folder that holds it (a multibranch project, an organization's
 * project, a plain folder): the release pipeline of each project at a glance, development → staging → production,
 * with what each environment runs (image, commit, build, time), how old staging's copy of production is, the last
 * rollback and its cause, and the recent snapshots. Shown on every job in a folder (so on every branch of a
 * multibranch project, also a new one that has not built yet), on every job whose own recent builds ran an Odoo
 * operation, and on every folder that holds jobs (or nothing yet), as soon as a project is configured.
 *
 * <p>Read only from the {@link OdooDeploymentAction}s stored with recent builds of the job and of its sibling branches
 * (for a folder: of the jobs in it), never from the environments' databases: a page render opens no connection.
 * {@code odooStatus} and {@code odoo-release status} read the environments' own catalogs.
 */
public final class OdooProjectAction implements Action {
    /** Builds read per job. */
    static final int BUILDS = 30;
    /** Jobs read: the job itself and its sibling branches, or the jobs of a folder. */
    static final int JOBS = 50;
    /** Snapshots listed. */
    static final int SNAPSHOTS = 20;

    private final AbstractItem owner;

    OdooProjectAction(AbstractItem owner) {
        this.owner = owner;
    }

    /** The job or folder whose page this is. */
    public AbstractItem getOwner() {
        return owner;
    }

    @Override
    public String getIconFileName() {
        return "symbol-server";
    }

    @Override
    public String getDisplayName() {
        return Messages.OdooProjectAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return "odoo-environments";
    }

    /** Whether this page is a folder's (then it reads the jobs in it) rather than a job's. */
    public boolean isFolder() {
        return !(owner instanceof Job);
    }

    /**
     * The projects' pipelines, in configuration order: the projects the builds read worked on, or every configured
     * project while none has run yet (a new branch, a new multibranch project).
     */
    public List<ReleasePipeline> getPipelines() {
        return ReleasePipeline.of(OdooReleaseConfiguration.get().getProjects(), recentActions());
    }

    /** Snapshots taken by the builds read (by odooSnapshot, before each deploy, before each rollback), newest first. */
    public List<Map<String, String>> getSnapshots() {
        List<Map<String, String>> out = new ArrayList<>();
        for (OdooDeploymentAction a : recentActions()) {
            String[] snapshot = snapshotOf(a);
            if (snapshot == null) {
                continue;
            }
            if (out.size() == SNAPSHOTS) {
                break;
            }
            Map<String, String> row = new LinkedHashMap<>();
            row.put("id", snapshot[0]);
            row.put("taken", snapshot[1]);
            row.put("environment", a.getEnvironment());
            row.put("project", a.getProject());
            Run<?, ?> run = a.getRun();
            row.put("build", run == null ? "" : run.getFullDisplayName());
            row.put("url", run == null ? "" : run.getUrl());
            out.add(row);
        }
        return out;
    }

    /** The snapshot an operation took and why, or null: a deploy's before it, a rollback's safety snapshot. */
    private static String[] snapshotOf(OdooDeploymentAction a) {
        return switch (a.getOperation()) {
            case SNAPSHOT -> {
                String id = a.get("id");
                String label = a.get("label");
                yield id == null ? null : new String[] {id, a.get("kind") + (label == null ? "" : ", " + label)};
            }
            case DEPLOY -> {
                String id = a.get("snapshotId");
                yield id == null ? null : new String[] {id, Messages.OdooProjectAction_BeforeDeploy(a.get("image"))};
            }
            case ROLLBACK -> {
                String id = a.get("safetySnapshotId");
                yield id == null
                        ? null
                        : new String[] {id, Messages.OdooProjectAction_BeforeRollback(a.get("snapshotId"))};
            }
            case STAGE_CLONE -> null;
        };
    }

    /** The Odoo actions of recent builds of the jobs this page reads that the user may see, newest first. */
    List<OdooDeploymentAction> recentActions() {
        List<OdooDeploymentAction> all = new ArrayList<>();
        for (Job<?, ?> j : jobs()) {
            all.addAll(actionsOf(j, BUILDS));
        }
        all.sort(Comparator.comparingLong(OdooDeploymentAction::getTimestamp).reversed());
        return all;
    }

    /** A job's page: the job and its siblings when it is in a folder. A folder's page: the jobs in it. */
    List<Job<?, ?>> jobs() {
        List<Job<?, ?>> jobs = new ArrayList<>();
        ItemGroup<?> group = null;
        if (owner instanceof Job<?, ?> job) {
            jobs.add(job);
            if (job.getParent() instanceof Item) {
                group = job.getParent();
            }
        } else if (owner instanceof ItemGroup<?> folder) {
            group = folder;
        }
        if (group != null) {
            for (Item i : group.getItems()) {
                if (jobs.size() >= JOBS) {
                    break;
                }
                if (i instanceof Job<?, ?> j && i != owner && j.hasPermission(Item.READ)) {
                    jobs.add(j);
                }
            }
        }
        return jobs;
    }

    static List<OdooDeploymentAction> actionsOf(Job<?, ?> job, int builds) {
        List<OdooDeploymentAction> out = new ArrayList<>();
        for (Run<?, ?> r : job.getBuilds().limit(builds)) {
            out.addAll(r.getActions(OdooDeploymentAction.class));
        }
        return out;
    }

    /**
     * Whether {@code item} gets the page: once a project is configured, a job in a folder (a branch of a multibranch
     * project, whether it built or not), a top-level job whose recent builds ran an Odoo operation, and a folder (any
     * folder, computed or not: no dependency on the folder or branch plugins) that holds jobs or nothing yet.
     */
    static boolean shows(AbstractItem item) {
        if (OdooReleaseConfiguration.get().getProjects().isEmpty()) {
            return false;
        }
        if (item instanceof Job<?, ?> job) {
            return job.getParent() instanceof Item || !actionsOf(job, 5).isEmpty();
        }
        if (item instanceof ItemGroup<?> group) {
            Collection<?> items = group.getItems();
            return items.isEmpty() || items.stream().anyMatch(i -> i instanceof Job);
        }
        return false;
    }

    /** Adds the page to jobs and folders, see {@link #shows}. */
    @Extension
    public static final class Factory extends TransientActionFactory<AbstractItem> {
        @Override
        public Class<AbstractItem> type() {
            return AbstractItem.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull AbstractItem target) {
            return shows(target) ? List.of(new OdooProjectAction(target)) : List.of();
        }
    }
}
