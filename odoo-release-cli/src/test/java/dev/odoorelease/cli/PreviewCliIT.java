package dev.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.testkit.DockerEngine;
import dev.odoorelease.testkit.FreePorts;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.ReleaseImages;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.TestNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code preview up|down|list} through the CLI against one real PostgreSQL cluster (production and staging with roles of
 * their own), Docker and the Odoo stand-in: bad input is one clear line with its exit code; a preview is created from
 * staging's scrubbed snapshot, listed, and removed with everything verified gone.
 */
class PreviewCliIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("cli-preview");
    static final String PROD_PASSWORD = "Prod-Cli-Preview-8817";
    static final String STAGING_PASSWORD = "Staging-Cli-Preview-3302";
    static final Map<String, String> ENV = Map.of("PROD_DB_PASSWORD", PROD_PASSWORD, "STAGING_DB_PASSWORD", STAGING_PASSWORD);

    @TempDir
    static Path dir;
    static Path config;
    static String prefix;
    static String image;
    static long started;

    static CliRun cli(String... args) {
        return CliRun.of(config, ENV::get, args);
    }

    @BeforeAll
    static void productionAndAScrubbedStagingSnapshot() throws Exception {
        started = System.nanoTime();
        DockerEngine.require();
        image = ReleaseImages.current();
        PgServer pg = PG.server();
        ReleaseImages.createRole(pg, "produser", PROD_PASSWORD);
        ReleaseImages.createRole(pg, "stageuser", STAGING_PASSWORD);
        Path prodData = dir.resolve("production");
        ReleaseImages.initDatabase(image, pg, "produser", PROD_PASSWORD, prodData, "prod");
        StandInContainer.prepareDataDir(prodData);
        Files.createDirectories(dir.resolve("staging"));
        StandInContainer.prepareDataDir(dir.resolve("staging"));
        prefix = TestNames.prefix("pvcli");
        int port = FreePorts.next();
        config = dir.resolve("odoo-release.yml");
        Files.writeString(config, """
                project: preview-cli
                environments:
                  - name: staging
                    kind: staging
                    database: {host: 127.0.0.1, port: %1$d, name: stage, user: stageuser, passwordEnv: STAGING_DB_PASSWORD}
                    dataDir: staging
                    url: http://127.0.0.1:%5$d
                    staging: {url: "http://127.0.0.1:%5$d"}
                  - name: production
                    kind: production
                    branch: main
                    database: {host: 127.0.0.1, port: %1$d, name: prod, user: produser, passwordEnv: PROD_DB_PASSWORD}
                    dataDir: production
                    url: http://127.0.0.1:%6$d
                preview:
                  branches: ["feature/*"]
                  changeRequests: true
                  source: staging
                  dataDir: previews
                  name: %2$s{branch}
                  url: http://127.0.0.1:{port}
                  ports: %3$d-%4$d
                  container: {network: host, args: ["--http-port={port}"]}
                  limits: {memory: 1g}
                  ttl: 2d
                  maxAlive: 3
                  healthTimeout: 90s
                """.formatted(pg.port(), prefix, port, port + 20, FreePorts.next(), FreePorts.next()));
        CliRun clone = cli("stage-clone", "production", "staging", "--from", "live");
        assertThat(clone.exit()).as(clone.err()).isZero();
        StandInContainer.prepareDataDir(dir.resolve("staging"));
        CliRun snap = cli("snapshot", "staging", "--kind", "template");
        assertThat(snap.exit()).as(snap.err()).isZero();
    }

    @AfterAll
    static void took() {
        System.out.println("PreviewCliIT took " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
    }

    static void assertOneLineError(CliRun r, int exit, String... contains) {
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        assertThat(r.err().strip().lines()).as("one line").hasSize(1);
        assertThat(r.err()).startsWith("odoo-release: Unable to").contains(contains).doesNotContain(PROD_PASSWORD)
                .doesNotContain(STAGING_PASSWORD);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void upListDownAndBadInput() throws Exception {
        for (String cmd : List.of("preview", "preview up", "preview down", "preview list")) {
            List<String> args = new ArrayList<>(List.of(cmd.split(" ")));
            args.add("--help");
            assertThat(cli(args.toArray(String[]::new)).exit()).as(cmd).isZero();
        }
        assertOneLineError(cli("preview", "up", "develop", "--image", image), 7, "do not match");
        assertOneLineError(cli("preview", "up", "feature/x", "--image", "Bad Image!"), 2, "not a valid image reference");
        assertOneLineError(cli("preview", "up", "feature/x"), 2, "--image");
        assertOneLineError(cli("preview", "down"), 2, "no branch given");
        assertThat(cli("--json", "preview", "list").json().path("result").path("previews")).isEmpty();

        CliRun up = cli("--json", "preview", "up", "feature/x", "--image", image, "--update", "none", "--allow-skipped-updates");
        assertThat(up.exit()).as(up.out() + up.err()).isZero();
        JsonNode result = up.json().path("result");
        assertThat(result.path("outcome").asText()).isEqualTo("created");
        String url = result.path("url").asText();
        assertThat(url).startsWith("http://127.0.0.1:");
        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/web/login"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        String name = result.path("preview").path("name").asText();
        assertThat(name).startsWith(prefix + "feature-x-");

        CliRun list = cli("preview", "list");
        assertThat(list.out()).contains(name).contains("feature/x").contains(url);

        CliRun down = cli("preview", "down", "feature/x");
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(down.out()).contains("REMOVED preview " + name).contains("verified gone: container").contains("verified gone: data directory");
        assertThat(Files.exists(dir.resolve("previews").resolve(name))).isFalse();
        assertThat(cli("--json", "preview", "list").json().path("result").path("previews")).isEmpty();
        CliRun again = cli("preview", "down", "feature/x");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("has no preview");
    }
}
