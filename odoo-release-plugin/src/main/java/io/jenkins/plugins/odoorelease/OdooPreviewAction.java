package io.jenkins.plugins.odoorelease;

import hudson.model.Run;
import java.util.Map;
import jenkins.model.RunAction2;

/**
 * The link "Preview: url" on the build page of a build that created or updated its branch's preview. Plain values only
 * (it is saved in {@code build.xml}); no secret (the engine's results carry none).
 */
public final class OdooPreviewAction implements RunAction2 {
    private final String url;
    private final String name;
    private final String image;
    private final String outcome;
    private transient Run<?, ?> run;

    OdooPreviewAction(Map<String, Object> result) {
        this.url = string(result.get("url"));
        this.name = string(result.get("name"));
        this.image = string(result.get("image"));
        this.outcome = string(result.get("outcome"));
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }

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

    public String getUrl() {
        return url;
    }

    public String getName() {
        return name;
    }

    public String getImage() {
        return image;
    }

    public String getOutcome() {
        return outcome;
    }

    /** Summary box only: no side panel link, no page of its own. */
    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.OdooPreviewAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
