package io.jenkins.plugins.odoorelease;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One project's environments in promotion order (development → staging → production, as configured), each with what
 * the stored build actions say about it: see {@link EnvironmentStage}. Built from the actions alone, newest first.
 */
public final class ReleasePipeline {
    private final String project;
    private final List<EnvironmentStage> stages;

    ReleasePipeline(String project, List<EnvironmentStage> stages) {
        this.project = project;
        this.stages = stages;
    }

    public String getProject() {
        return project;
    }

    public List<EnvironmentStage> getStages() {
        return Collections.unmodifiableList(stages);
    }

    /**
     * The pipelines of the projects {@code actions} (newest first) worked on, in configuration order; every configured
     * project when the actions name none of them (nothing has run yet).
     */
    static List<ReleasePipeline> of(List<OdooProject> configured, List<OdooDeploymentAction> actions) {
        Set<String> seen = new LinkedHashSet<>();
        actions.forEach(a -> seen.add(a.getProject()));
        boolean any = configured.stream().anyMatch(p -> seen.contains(p.getName()));
        List<ReleasePipeline> out = new ArrayList<>();
        for (OdooProject p : configured) {
            if (any && !seen.contains(p.getName())) {
                continue;
            }
            List<EnvironmentStage> stages = new ArrayList<>();
            for (OdooEnvironmentDefinition e : p.getEnvironments()) {
                List<OdooDeploymentAction> own = actions.stream()
                        .filter(a -> p.getName().equals(a.getProject())
                                && e.getName().equals(a.getEnvironment()))
                        .toList();
                stages.add(new EnvironmentStage(e, own));
            }
            out.add(new ReleasePipeline(p.getName(), stages));
        }
        return out;
    }
}
