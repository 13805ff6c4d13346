package dev.odoorelease.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The foundation's end-to-end proof: a real cluster, a real Docker engine, the stand-in image serving. */
class StandInIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("standin");

    static String image;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void buildImage() {
        image = StandInImage.series("17.0").build();
    }

    @Test
    void initializesADatabaseLikeOdooAndServesHealthAndLogin() throws Exception {
        Processes.Result init = StandInContainer.image(image).database(PG.server()).dataDir(dataDir)
                .args("-d", "prod", "-i", "base", "--stop-after-init", "--without-demo=all").runToCompletion(Duration.ofMinutes(3));
        assertThat(init.exitCode()).as("-i base --stop-after-init; logs: %s", init.combined()).isZero();
        assertThat(init.combined()).contains("Modules loaded.");

        try (Connection c = PG.server().connect("prod"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT latest_version, (SELECT datdba::regrole::text FROM pg_database WHERE datname = 'prod') "
                     + "FROM ir_module_module WHERE name = 'base' AND state = 'installed'")) {
            assertThat(rs.next()).as("base installed").isTrue();
            assertThat(rs.getString(1)).startsWith("17.0.");
            assertThat(rs.getString(2)).as("database owned by the Odoo role").isEqualTo("odoo");
        }
        try (var files = Files.walk(dataDir.resolve("filestore").resolve("prod"))) {
            assertThat(files.filter(Files::isRegularFile).count()).as("asset bundles in the filestore").isPositive();
        }

        try (StandInContainer odoo = StandInContainer.image(image).database(PG.server()).dataDir(dataDir)
                .args("-d", "prod").start()) {
            odoo.awaitLog("Registry loaded in", Duration.ofMinutes(2));
            HttpResponse<String> health = odoo.get("/web/health?db_server_status=1");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\": \"pass\"").contains("\"db_server_status\": true");
            assertThat(health.headers().firstValue("Set-Cookie")).as("health probes create no session").isEmpty();

            HttpResponse<String> login = odoo.get("/web/login?db=prod");
            if (login.statusCode() == 302) { // ensure_db binds the database to a fresh session first
                login = odoo.get("/web/login");
            }
            HttpResponse<String> page = login.statusCode() == 200 ? login : odoo.get("/web/login");
            assertThat(page.statusCode()).as("login page (monodb); logs: %s", odoo.logs()).isEqualTo(200);
            assertThat(page.body()).contains("/web/assets/");
        }
    }

    /**
     * A login as Odoo answers it (res.users._login, web_login, http's CSRF check), and the "code ahead of the schema"
     * case: an image whose code defines a field the database lacks (no -u) still renders /web/login and still answers
     * a wrong login with "Wrong login/password" (the login's search reads ids only), but every successful login reads
     * the user's record and answers 500 with psycopg2's UndefinedColumn in the log. -u creates the column.
     */
    @Test
    void loginsAreAnsweredLikeOdooAndCodeAheadOfTheSchemaFailsEveryRealLogin() throws Exception {
        StandInContainer.image(image).database(PG.server()).dataDir(dataDir).initDatabase("ahead");
        String field = "res_partner.x_loyalty_level";
        try (StandInContainer odoo = StandInContainer.image(image).database(PG.server()).dataDir(dataDir)
                .env("STANDIN_CODE_FIELDS", field).args("-d", "ahead").start()) {
            odoo.awaitLog("Registry loaded in", Duration.ofMinutes(2));
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .cookieHandler(new java.net.CookieManager()).build();
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(odoo.url("/web/login")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as("the login page still renders").isEqualTo(200);
            Matcher csrf = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"").matcher(page.body());
            assertThat(csrf.find()).isTrue();

            HttpResponse<String> noToken = post(client, odoo, "login=admin&password=admin");
            assertThat(noToken.statusCode()).as("Odoo's CSRF check").isEqualTo(400);
            assertThat(noToken.body()).contains("Session expired (invalid CSRF token)");

            String token = "csrf_token=" + csrf.group(1) + "&";
            HttpResponse<String> unknown = post(client, odoo, token + "login=nobody-x1&password=whatever");
            assertThat(unknown.statusCode()).isEqualTo(200);
            assertThat(unknown.body()).contains("<p class=\"alert alert-danger\" role=\"alert\">Wrong login/password</p>");
            HttpResponse<String> wrong = post(client, odoo, token + "login=admin&password=not-admin");
            assertThat(wrong.statusCode()).isEqualTo(200);
            assertThat(wrong.body()).contains("Wrong login/password");

            HttpResponse<String> real = post(client, odoo, token + "login=admin&password=admin");
            assertThat(real.statusCode()).as("a real login reads the user's record: the code's column is missing").isEqualTo(500);
            assertThat(odoo.logs()).contains("Login failed for db:ahead login:nobody-x1").contains("UndefinedColumn")
                    .contains("x_loyalty_level").contains("Exception during request handling.");
        }
        Processes.Result update = StandInContainer.image(image).database(PG.server()).dataDir(dataDir)
                .env("STANDIN_CODE_FIELDS", field).args("-d", "ahead", "-u", "base", "--stop-after-init")
                .runToCompletion(Duration.ofMinutes(3));
        assertThat(update.exitCode()).as(update.combined()).isZero();
        try (StandInContainer odoo = StandInContainer.image(image).database(PG.server()).dataDir(dataDir)
                .env("STANDIN_CODE_FIELDS", field).args("-d", "ahead").start()) {
            odoo.awaitLog("Registry loaded in", Duration.ofMinutes(2));
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .cookieHandler(new java.net.CookieManager()).build();
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(odoo.url("/web/login")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher csrf = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"").matcher(page.body());
            assertThat(csrf.find()).isTrue();
            HttpResponse<String> real = post(client, odoo, "csrf_token=" + csrf.group(1) + "&login=admin&password=admin");
            assertThat(real.statusCode()).as("after -u the login works; logs: %s", odoo.logs()).isEqualTo(303);
            assertThat(real.headers().firstValue("Location")).hasValue("/web");
        }
    }

    private static HttpResponse<String> post(HttpClient client, StandInContainer odoo, String form) throws Exception {
        return client.send(HttpRequest.newBuilder(odoo.url("/web/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aHealth500VariantAnswers500() throws Exception {
        String broken = StandInImage.series("17.0").variant(StandInImage.Variant.HEALTH_500).build();
        StandInContainer.image(broken).database(PG.server()).dataDir(dataDir).initDatabase("h500");
        try (StandInContainer odoo = StandInContainer.image(broken).database(PG.server()).dataDir(dataDir).args("-d", "h500").start()) {
            odoo.awaitLog("Registry loaded in", Duration.ofMinutes(2));
            assertThat(odoo.get("/web/health").statusCode()).isEqualTo(500);
        }
    }

    /**
     * Stopped like Odoo's threaded server: the first SIGTERM stops accepting and lets the requests in progress finish
     * (up to one second), so a container stopped in a rolling deploy answers the request it is serving. Before, the
     * stand-in exited at once and the client got nothing (1 failed request in 2,902 in the swarm benchmark).
     */
    @Test
    void aStopLetsTheRequestInProgressFinishLikeOdoo() throws Exception {
        StandInContainer.image(image).database(PG.server()).dataDir(dataDir).initDatabase("graceful");
        try (StandInContainer odoo = StandInContainer.image(image).database(PG.server()).dataDir(dataDir).args("-d", "graceful").start()) {
            odoo.awaitLog("Registry loaded in", Duration.ofMinutes(2));
            assertThat(odoo.get("/web/health").statusCode()).isEqualTo(200);
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", odoo.httpPort())) {
                socket.setSoTimeout(30_000);
                java.io.OutputStream out = socket.getOutputStream();
                // the request line and a header: the server's thread has it and waits for the end of the headers
                out.write("GET /web/health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(700); // the accept loop polls every 0.5 s: the connection is now the thread's
                Processes.Result kill = DockerEngine.docker(Duration.ofSeconds(30), "kill", "--signal", "TERM", odoo.name());
                assertThat(kill.exitCode()).as(kill.combined()).isZero();
                Thread.sleep(200); // the signal is handled; the request is still in progress
                out.write("Connection: close\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(response).as("the request in progress is answered; logs: %s", odoo.logs())
                        .startsWith("HTTP/1.").contains(" 200 ").contains("\"status\": \"pass\"");
            }
            String logs = odoo.logs();
            assertThat(logs.indexOf("Initiating shutdown")).as("the shutdown began before the request finished; logs: %s", logs)
                    .isNotNegative().isLessThan(logs.lastIndexOf("GET /web/health HTTP/1.1"));
        }
    }

    /**
     * A client that goes away before its answer is written (a health probe that timed out) is a dropped connection to
     * Odoo's werkzeug server ({@code connection_dropped}: nothing logged), not a traceback. The stand-in printed a
     * BrokenPipeError traceback for each, and under load those filled the log tail a failed health check shows, hiding the
     * real error (LoginProbeIT lost its UndefinedColumn that way).
     */
    @Test
    void aClientThatGoesAwayBeforeItsAnswerLeavesNoTracebackLikeOdoo() throws Exception {
        StandInContainer.image(image).database(PG.server()).dataDir(dataDir).initDatabase("dropped");
        try (StandInContainer odoo = StandInContainer.image(image).database(PG.server()).dataDir(dataDir).args("-d", "dropped").start()) {
            odoo.awaitLog("Registry loaded in", Duration.ofMinutes(2));
            for (int i = 0; i < 20; i++) {
                try (java.net.Socket socket = new java.net.Socket("127.0.0.1", odoo.httpPort())) {
                    socket.setSoLinger(true, 0); // close with a reset: the server's write finds the connection gone
                    socket.getOutputStream().write(("GET /web/login?db=dropped HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                }
            }
            assertThat(odoo.get("/web/health").statusCode()).as("the server still serves").isEqualTo(200);
            String logs = odoo.logs();
            assertThat(logs).as("requests were handled: %s", logs).contains("GET /web/login?db=dropped");
            assertThat(logs).as("no traceback for a dropped connection").doesNotContain("Traceback").doesNotContain("BrokenPipeError")
                    .doesNotContain("ConnectionResetError");
        }
    }
}
