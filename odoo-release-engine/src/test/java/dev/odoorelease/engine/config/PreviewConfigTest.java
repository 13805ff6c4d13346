package dev.odoorelease.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code preview:} section: what it accepts, how branch names become preview names, and a clear error for anything else. */
class PreviewConfigTest {
    @TempDir
    Path dir;

    static final String PREVIEW = """
            preview:
              branches: ["feature/*", "fix/**"]
              changeRequests: true
              source: staging
              dataDir: previews
              name: preview-{branch}
              url: http://previews.acme.invalid:{port}
              ports: 18100-18199
              container: {network: host, args: ["--http-port={port}", "--workers=0"], env: {TZ: UTC}}
              limits: {memory: 1g, cpus: "1.5"}
              ttl: 3d
              maxAlive: 4
              healthTimeout: 90s
              mailCatcher: 127.0.0.1:1025
            """;

    private ReleaseConfig load(String preview) throws Exception {
        Path f = dir.resolve("odoo-release.yml");
        Files.writeString(f, ConfigFileTest.GOOD.replace("dataDir: /srv/odoo/prod", "dataDir: prod") + preview);
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/prod-db"), "Prod-File-Secret-3\n");
        return ConfigFile.load(f, ConfigFileTest.ENV::get);
    }

    private OdooReleaseException error(String preview) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> load(preview));
        assertThat(t).isInstanceOf(OdooReleaseException.class);
        OdooReleaseException e = (OdooReleaseException) t;
        assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(ErrorCode.CONFIGURATION);
        assertThat(e.getMessage()).startsWith("Unable to read the configuration").contains("preview");
        return e;
    }

    @Test
    void aPreviewSectionIsRead() throws Exception {
        PreviewTemplate t = load(PREVIEW).preview().orElseThrow();
        assertThat(t.source()).isEqualTo("staging");
        assertThat(t.data()).isEqualTo(PreviewTemplate.DataSource.SNAPSHOT);
        assertThat(t.dataDir()).isEqualTo(dir.resolve("previews"));
        assertThat(t.portFrom()).isEqualTo(18100);
        assertThat(t.portTo()).isEqualTo(18199);
        assertThat(t.memory()).contains("1g");
        assertThat(t.cpus()).contains("1.5");
        assertThat(t.ttl()).isEqualTo(Duration.ofDays(3));
        assertThat(t.maxAlive()).isEqualTo(4);
        assertThat(t.healthTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(t.args()).containsExactly("--http-port={port}", "--workers=0");
        assertThat(t.accepts("feature/login", null)).isTrue();
        assertThat(t.accepts("fix/a/b", null)).isTrue();
        assertThat(t.accepts("develop", null)).isFalse();
        assertThat(t.accepts("PR-12", "12")).as("a change request").isTrue();
        assertThat(t.accepts("PR-12", "")).isFalse();
        assertThat(load("").preview()).as("no section, no previews").isEmpty();
        assertThat(t.demoModules()).as("default").containsExactly("base");
        PreviewTemplate demo = load(PREVIEW.replace("  source: staging\n", "  source: staging\n  data: demo\n  demoModules: [base, mail]\n"))
                .preview().orElseThrow();
        assertThat(demo.data()).isEqualTo(PreviewTemplate.DataSource.DEMO);
        assertThat(demo.demoModules()).containsExactly("base", "mail");
    }

    @Test
    void previewNamesAreValidDistinctAndStable() throws Exception {
        PreviewTemplate t = load(PREVIEW).preview().orElseThrow();
        String a = t.nameFor("feature/Foo");
        String b = t.nameFor("feature-foo");
        String c = t.nameFor("FEATURE_foo");
        assertThat(Set.of(a, b, c)).as("branches that sanitize alike get different names").hasSize(3);
        assertThat(a).startsWith("preview-feature-foo-").isEqualTo(t.nameFor("feature/Foo"));
        List<String> odd = List.of("feature/" + "x".repeat(200), "ß/ü/€", "---", "PR-1", "a..b", "UPPER/Case_Mixed.1");
        Set<String> seen = new HashSet<>();
        for (String branch : odd) {
            String n = t.nameFor(branch);
            assertThat(n).as(branch).matches("[a-z0-9][a-z0-9-]{0,39}").doesNotEndWith("-");
            // a valid environment name (the same rule as configured ones), database and container name
            Environment.builder(n);
            assertThat(seen.add(n)).as("unique: " + n).isTrue();
        }
    }

    @Test
    void mistakesAreClearErrors() {
        assertThat(error(PREVIEW.replace("source: staging", "source: nowhere")).getMessage()).contains("'nowhere' is not a configured environment");
        assertThat(error(PREVIEW.replace("source: staging", "source: production")).getMessage()).contains("production");
        assertThat(error(PREVIEW.replace("  ttl: 3d\n", "  ttl: 3 days\n")).getMessage()).contains("preview.ttl");
        assertThat(error(PREVIEW.replace("maxAlive: 4", "maxAlive: 0")).getMessage()).contains("maxAlive 0");
        assertThat(error(PREVIEW.replace("ports: 18100-18199", "ports: 18199-18100")).getMessage()).contains("port range");
        assertThat(error(PREVIEW.replace("  ports: 18100-18199\n", "")).getMessage()).contains("{port}");
        assertThat(error(PREVIEW.replace("{port}\n", "8069\n").replace("  ports: 18100-18199\n", "")
                .replace("--http-port={port}", "--http-port=8069")).getMessage()).contains("same for every preview");
        assertThat(error(PREVIEW.replace("memory: 1g", "memory: lots")).getMessage()).contains("memory 'lots'");
        assertThat(error(PREVIEW.replace("cpus: \"1.5\"", "cpus: \"-1\"")).getMessage()).contains("cpus");
        assertThat(error(PREVIEW.replace("name: preview-{branch}", "name: Preview_{branch}")).getMessage()).contains("name pattern");
        assertThat(error(PREVIEW.replace("name: preview-{branch}", "name: preview")).getMessage()).contains("name pattern");
        assertThat(error(PREVIEW.replace("  branches: [\"feature/*\", \"fix/**\"]\n  changeRequests: true\n", "")).getMessage())
                .contains("no branch");
        assertThat(error(PREVIEW.replace("dataDir: previews", "dataDir: data/staging/previews")).getMessage()).contains("overlaps");
        assertThat(error(PREVIEW.replace("ttl: 3d", "tll: 3d")).getMessage()).contains("tll");
        assertThat(error(PREVIEW.replace("env: {TZ: UTC}", "env: {ADMIN_PASSWORD: x}")).getMessage()).contains("secret");
        assertThat(error(PREVIEW.replace("  source: staging\n", "")).getMessage()).contains("'source' is missing");
        assertThat(error(PREVIEW.replace("data: ", "x").replace("  source: staging\n", "  source: staging\n  data: backup\n"))
                .getMessage()).contains("snapshot").contains("demo");
        assertThat(error(PREVIEW.replace("  source: staging\n", "  source: staging\n  data: demo\n  demoModules: [sale, \"Bad Name\"]\n"))
                .getMessage()).contains("demo module 'Bad Name'");
    }
}
