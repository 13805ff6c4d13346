package io.jenkins.plugins.odoorelease;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jenkins.model.Jenkins;
import jenkins.model.TransientActionFactory;

/**
 * The job page's "Odoo environments": the environments of the project this job releases, what is deployed in each
 * (image, commit, build, time) and the recent snapshots. Read from the {@link OdooDeploymentAction}s of recent builds
 * of this job and, in a multibranch project (or folder), of its siblings, so that the page of any branch shows every
 * environment; never from the databases (no connection from a web request).
 */
public final class OdooProjectAction implements Action {
    /** Builds read per job. */
    static final int BUILDS = 30;
    /** Sibling jobs read (branches of a multibranch project). */
    static final int SIBLINGS = 50;

    private final Job<?, ?> job;

    OdooProjectAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
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

    /** One environment of the project and its latest deployment and clone. */
    public static final class EnvironmentRow {
        private final String project;
        private final OdooEnvironmentDefinition definition;
        private final OdooDeploymentAction deployed;
        private final OdooDeploymentAction lastOperation;

        EnvironmentRow(
                String project,
                OdooEnvironmentDefinition definition,
                OdooDeploymentAction deployed,
                OdooDeploymentAction lastOperation) {
            this.project = project;
            this.definition = definition;
            this.deployed = deployed;
            this.lastOperation = lastOperation;
        }

        public String getProject() {
            return project;
        }

        public OdooEnvironmentDefinition getDefinition() {
            return definition;
        }

        /** The latest successful deploy or rollback: what runs there, as far as these builds know. */
        @CheckForNull
        public OdooDeploymentAction getDeployed() {
            return deployed;
        }

        /** The latest deploy, rollback or clone, whatever its outcome. */
        @CheckForNull
        public OdooDeploymentAction getLastOperation() {
            return lastOperation;
        }
    }

    /** The environments of the projects this job's builds worked on, in configuration order. */
    public List<EnvironmentRow> getEnvironments() {
        List<OdooDeploymentAction> actions = recentActions();
        Set<String> projects = new LinkedHashSet<>();
        actions.forEach(a -> projects.add(a.getProject()));
        List<EnvironmentRow> rows = new ArrayList<>();
        for (OdooProject p : OdooReleaseConfiguration.get().getProjects()) {
            if (!projects.contains(p.getName())) {
                continue;
            }
            for (OdooEnvironmentDefinition e : p.getEnvironments()) {
                OdooDeploymentAction deployed = null;
                OdooDeploymentAction last = null;
                for (OdooDeploymentAction a : actions) {
                    if (!p.getName().equals(a.getProject())
                            || !e.getName().equals(a.getEnvironment())
                            || a.getOperation() == OdooDeploymentAction.Operation.SNAPSHOT) {
                        continue;
                    }
                    if (last == null) {
                        last = a;
                    }
                    if (deployed == null && a.isInPlace()) {
                        deployed = a;
                    }
                }
                rows.add(new EnvironmentRow(p.getName(), e, deployed, last));
            }
        }
        return rows;
    }

    /** Snapshots taken by recent builds (by odooSnapshot, and before each deploy), newest first. */
    public List<Map<String, String>> getSnapshots() {
        List<Map<String, String>> out = new ArrayList<>();
        for (OdooDeploymentAction a : recentActions()) {
            String[] snapshot = snapshotOf(a);
            if (snapshot == null || out.size() == 20) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            row.put("id", snapshot[0]);
            row.put("taken", snapshot[1]);
            row.put("environment", a.getEnvironment());
            row.put("project", a.getProject());
            row.put("build", a.getRun() == null ? "" : a.getRun().getFullDisplayName());
            row.put("url", a.getRun() == null ? "" : a.getRun().getUrl());
            out.add(row);
        }
        return out;
    }

    /** The snapshot an operation took and why, or null: a deploy's before it, a rollback's safety snapshot. */
    private static String[] snapshotOf(OdooDeploymentAction a) {
        return switch (a.getOperation()) {
            case SNAPSHOT ->
                a.get("id") == null
                        ? null
                        : new String[] {
                            a.get("id"), a.get("kind") + (a.get("label") == null ? "" : ", " + a.get("label"))
                        };
            case DEPLOY ->
                a.get("snapshotId") == null
                        ? null
                        : new String[] {a.get("snapshotId"), Messages.OdooProjectAction_BeforeDeploy(a.get("image"))};
            case ROLLBACK ->
                a.get("safetySnapshotId") == null
                        ? null
                        : new String[] {
                            a.get("safetySnapshotId"), Messages.OdooProjectAction_BeforeRollback(a.get("snapshotId"))
                        };
            case STAGE_CLONE -> null;
        };
    }

    /** The Odoo actions of recent builds of this job and its siblings the user may see, newest first. */
    List<OdooDeploymentAction> recentActions() {
        List<OdooDeploymentAction> all = new ArrayList<>();
        for (Job<?, ?> j : jobs()) {
            all.addAll(actionsOf(j, BUILDS));
        }
        all.sort(Comparator.comparingLong(OdooDeploymentAction::getTimestamp).reversed());
        return all;
    }

    private List<Job<?, ?>> jobs() {
        List<Job<?, ?>> jobs = new ArrayList<>();
        jobs.add(job);
        ItemGroup<?> parent = job.getParent();
        if (parent != Jenkins.get()) {
            for (Item i : parent.getItems()) {
                if (jobs.size() > SIBLINGS) {
                    break;
                }
                if (i instanceof Job<?, ?> sibling && sibling != job && sibling.hasPermission(Item.READ)) {
                    jobs.add(sibling);
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

    /** Shows the page on jobs that ran an Odoo operation recently. */
    @Extension
    @SuppressWarnings("rawtypes")
    public static final class Factory extends TransientActionFactory<Job> {
        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @NonNull
        @Override
        @SuppressWarnings("unchecked")
        public Collection<? extends Action> createFor(@NonNull Job target) {
            if (OdooReleaseConfiguration.get().getProjects().isEmpty()
                    || actionsOf(target, 5).isEmpty()) {
                return List.of();
            }
            return List.of(new OdooProjectAction((Job<?, ?>) target));
        }
    }
}
