package io.jenkins.plugins.odoorelease;

import java.util.Map;

/**
 * The link "Preview: url" on the build page of a build that created or updated its branch's preview. Plain values only
 * (it is saved in {@code build.xml}); no secret (the engine's results carry none).
 */
public final class OdooPreviewAction extends BuildPageSummary {
    private final String url;
    private final String name;
    private final String image;
    private final String outcome;

    OdooPreviewAction(Map<String, Object> result) {
        this.url = string(result.get("url"));
        this.name = string(result.get("name"));
        this.image = string(result.get("image"));
        this.outcome = string(result.get("outcome"));
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
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

    @Override
    public String getDisplayName() {
        return Messages.OdooPreviewAction_DisplayName();
    }
}
