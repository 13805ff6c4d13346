package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.OdooReleaseException;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Manage Jenkins » System » Odoo environments: the projects and their environments. Configuration-as-Code writes it
 * as {@code unclassified: odooRelease: projects: [...]} (see docs/steps.md). Holds no secret: databases and
 * registries name credentials by id.
 */
@Extension
@Symbol("odooRelease")
public class OdooReleaseConfiguration extends GlobalConfiguration {
    /** The environment variable a Jenkinsfile may set to pick the project, instead of {@code project:} on each step. */
    public static final String PROJECT_VARIABLE = "ODOO_RELEASE_PROJECT";

    private List<OdooProject> projects = new ArrayList<>();

    public OdooReleaseConfiguration() {
        load();
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return Messages.OdooReleaseConfiguration_DisplayName();
    }

    public static OdooReleaseConfiguration get() {
        return ExtensionList.lookupSingleton(OdooReleaseConfiguration.class);
    }

    public List<OdooProject> getProjects() {
        return Collections.unmodifiableList(projects);
    }

    @DataBoundSetter
    public void setProjects(List<OdooProject> projects) {
        this.projects = projects == null ? new ArrayList<>() : new ArrayList<>(projects);
        save();
    }

    /**
     * Binds the form, then checks each project as a whole (unique names, one database per environment, valid
     * patterns), so a mistake is reported on saving rather than by the next build.
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        // a form with no project at all sends no "projects" key: that means none
        List<OdooProject> bound =
                json.has("projects") ? req.bindJSONToList(OdooProject.class, json.get("projects")) : List.of();
        try {
            validate(bound);
        } catch (OdooReleaseException | IllegalArgumentException e) {
            throw new FormException(e.getMessage(), "projects");
        }
        setProjects(bound);
        return true;
    }

    static void validate(List<OdooProject> projects) {
        Set<String> names = new HashSet<>();
        for (OdooProject p : projects) {
            if (p.getName() == null || !OdooProject.NAME.matcher(p.getName()).matches()) {
                throw new IllegalArgumentException(Messages.OdooProject_NameInvalid(p.getName()));
            }
            if (!names.add(p.getName())) {
                throw new IllegalArgumentException(Messages.OdooReleaseConfiguration_DuplicateProject(p.getName()));
            }
            EngineConfigs.validate(p);
        }
    }

    /**
     * The project a step works on: {@code name} (a step's {@code project:}, else the {@value #PROJECT_VARIABLE}
     * variable), or the only configured project.
     */
    public OdooProject project(String name) throws AbortException {
        String wanted = Util.fixEmptyAndTrim(name);
        if (wanted == null) {
            if (projects.size() == 1) {
                return projects.get(0);
            }
            throw new AbortException(
                    projects.isEmpty()
                            ? Messages.OdooReleaseConfiguration_NoProject()
                            : Messages.OdooReleaseConfiguration_WhichProject(names(), PROJECT_VARIABLE));
        }
        return projects.stream()
                .filter(p -> wanted.equals(p.getName()))
                .findFirst()
                .orElseThrow(
                        () -> new AbortException(Messages.OdooReleaseConfiguration_UnknownProject(wanted, names())));
    }

    private String names() {
        return projects.stream().map(OdooProject::getName).collect(Collectors.joining(", "));
    }
}
