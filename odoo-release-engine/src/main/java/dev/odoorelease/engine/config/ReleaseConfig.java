package dev.odoorelease.engine.config;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A project's release configuration: its environments, in promotion order (development → staging →
 * production), and where its addons live in the repository. The same model for the CLI's YAML file and
 * the Jenkins plugin's global configuration.
 */
public final class ReleaseConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String project;
    private final List<String> addonsPaths;
    private final Map<String, EnvironmentConfig> environments;
    private final PreviewTemplate preview;

    public ReleaseConfig(String project, List<String> addonsPaths, List<EnvironmentConfig> environments) {
        this(project, addonsPaths, environments, null);
    }

    /** With the project's preview template ({@code preview:}), or null for none. */
    public ReleaseConfig(String project, List<String> addonsPaths, List<EnvironmentConfig> environments, PreviewTemplate preview) {
        this.project = project == null || project.isBlank() ? "odoo" : project.strip();
        this.addonsPaths = addonsPaths == null || addonsPaths.isEmpty() ? List.of("") : List.copyOf(addonsPaths);
        Map<String, EnvironmentConfig> byName = new LinkedHashMap<>();
        for (EnvironmentConfig e : environments) {
            if (byName.put(e.name(), e) != null) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to read the configuration of project "
                        + this.project + ": environment " + e.name() + " is defined twice. Give each environment its own name.");
            }
        }
        for (EnvironmentConfig e : byName.values()) {
            for (EnvironmentConfig other : byName.values()) {
                if (e != other && e.environment().db().host().equals(other.environment().db().host())
                        && e.environment().db().port() == other.environment().db().port()
                        && e.environment().db().database().equals(other.environment().db().database())) {
                    throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to read the configuration of project "
                            + this.project + ": environments " + e.name() + " and " + other.name() + " use the same database "
                            + e.environment().db() + ". Every environment needs its own database.");
                }
            }
        }
        for (EnvironmentConfig e : byName.values()) {
            e.promotesFrom().filter(src -> !byName.containsKey(src)).ifPresent(src -> {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to read the configuration of project " + this.project
                        + ": environment " + e.name() + " promotes from '" + src + "', which is not configured (the environments are "
                        + String.join(", ", byName.keySet()) + "). Name one of them in promotesFrom.");
            });
        }
        // URLs, containers and data directories: distinct as spelled here, and by resolution when an operation starts
        DistinctEndpoints.require(this.project, byName.values(), false);
        this.environments = byName;
        if (preview != null) {
            PreviewChecks.require(this.project, preview, byName.values());
        }
        this.preview = preview;
    }

    /** The preview template: which branches get a preview environment, and how; empty when previews are not configured. */
    public Optional<PreviewTemplate> preview() {
        return Optional.ofNullable(preview);
    }

    public String project() {
        return project;
    }

    /** Addons folders inside the repository ("" is its root), for finding changed modules. */
    public List<String> addonsPaths() {
        return addonsPaths;
    }

    public List<EnvironmentConfig> environments() {
        return List.copyOf(environments.values());
    }

    /** The environment of that name, or an error that lists the known ones. */
    public EnvironmentConfig environment(String name) {
        EnvironmentConfig e = name == null ? null : environments.get(name);
        if (e == null) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to find environment '" + name + "' in project "
                    + project + ": " + (environments.isEmpty() ? "no environment is configured"
                    : "the configured ones are " + String.join(", ", environments.keySet())) + ". Check the name.");
        }
        return e;
    }

    /** The data side of every environment but {@code name}: a clone target may share nothing with them. */
    public List<Environment> othersThan(String name) {
        return environments.values().stream().filter(e -> !e.name().equals(name)).map(EnvironmentConfig::environment).toList();
    }

    /**
     * The environment a build of {@code branch} promotes into: the first, in configuration order, whose branch
     * patterns match. Empty for an unmapped branch (a feature branch builds and tests, but deploys nowhere).
     */
    public Optional<EnvironmentConfig> forBranch(String branch) {
        return environments.values().stream().filter(e -> e.acceptsBranch(branch)).findFirst();
    }

    /**
     * The promotion guard: a production environment only accepts builds of the branches mapped to it. A
     * {@code null} branch (an operator at a terminal) is allowed; CI always knows its branch.
     */
    public void requirePromotionAllowed(String environmentName, String branch, String operation) {
        EnvironmentConfig e = environment(environmentName);
        if (!e.isProduction() || branch == null || branch.isBlank()) {
            return;
        }
        if (!e.acceptsBranch(branch)) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to " + operation + " " + e.name() + " from branch "
                    + branch + ": " + e.name() + " is a production environment and only builds of "
                    + (e.branches().isEmpty() ? "no branch (none is mapped to it)" : String.join(", ", e.branches()))
                    + " may change it. Merge into the mapped branch, or map this branch to " + e.name() + " on purpose.");
        }
    }

    /** Every secret of every environment, to mask in output. */
    public List<String> secrets() {
        List<String> all = new ArrayList<>();
        environments.values().forEach(e -> all.addAll(e.secrets()));
        return all;
    }

    @Override
    public String toString() {
        return "project " + project + " (" + environments.values().stream().map(EnvironmentConfig::name)
                .collect(Collectors.joining(", ")) + ")";
    }
}
