package io.jenkins.plugins.odoorelease;

import hudson.model.Run;
import jenkins.model.RunAction2;

/**
 * A box on a build's page (its {@code summary.jelly}), with no side panel link and no page of its own. Subclasses hold
 * plain values only: they are saved in {@code build.xml}, and never hold a secret.
 */
public abstract class BuildPageSummary implements RunAction2 {
    private transient Run<?, ?> run;

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
