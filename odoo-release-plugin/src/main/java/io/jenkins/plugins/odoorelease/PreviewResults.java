package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.result.PreviewInfo;
import dev.odoorelease.engine.result.PreviewRemoved;
import dev.odoorelease.engine.result.PreviewResult;
import dev.odoorelease.engine.result.ResultViews;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The plain maps a preview step returns (JDK types only, like {@link Results}). */
final class PreviewResults {
    private PreviewResults() {}

    static Map<String, Object> up(PreviewResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        PreviewInfo p = r.preview();
        m.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
        m.put("succeeded", r.succeeded());
        m.put("url", p.url());
        m.put("name", p.name());
        m.put("branch", p.branch());
        m.put("image", r.deploy() == null ? p.image() : r.deploy().image());
        m.put("cause", r.deploy() == null ? null : r.deploy().cause());
        m.put("snapshotId", p.snapshotId());
        m.put("expiresAt", p.expiresAt() == null ? null : p.expiresAt().toString());
        m.put("deploy", r.deploy() == null ? null : ResultViews.deploy(r.deploy()));
        List<Object> removed = new ArrayList<>();
        r.removed().forEach(x -> removed.add(removed(x)));
        m.put("removed", removed);
        m.put("phaseMillis", new LinkedHashMap<>(r.phaseMillis()));
        m.put("undo", r.undo());
        return m;
    }

    static Map<String, Object> removed(PreviewRemoved r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("branch", r.branch());
        m.put("reason", r.reason());
        m.put("verified", new ArrayList<>(r.verified()));
        return m;
    }
}
