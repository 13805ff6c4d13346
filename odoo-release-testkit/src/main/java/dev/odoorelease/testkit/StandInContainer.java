package dev.odoorelease.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the Odoo stand-in image against a {@link PgServer}, the way the official image is run:
 * database settings through the {@code HOST/PORT/USER/PASSWORD} environment (from an env-file, not
 * the command line), the data directory mounted at {@code /var/lib/odoo}, host networking so the
 * container reaches the loopback-only test cluster, and an HTTP port of its own.
 */
public final class StandInContainer implements AutoCloseable {
    private final String name;
    private final int httpPort;

    private StandInContainer(String name, int httpPort) {
        this.name = name;
        this.httpPort = httpPort;
    }

    /** Options of one run. */
    public static final class Spec {
        private final String image;
        private String name = "standin-" + Long.toHexString(System.nanoTime());
        private PgServer pg;
        private Path dataDir;
        private boolean prepareDataDir = true;
        private final List<String> odooArgs = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();

        private Spec(String image) {
            this.image = image;
        }

        public Spec name(String n) {
            this.name = n;
            return this;
        }

        public Spec database(PgServer server) {
            this.pg = server;
            return this;
        }

        /** Host folder mounted as Odoo's data_dir ({@code /var/lib/odoo}); made writable for uid 101. */
        public Spec dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /**
         * Host folder mounted as Odoo's data_dir as it is: owners and modes untouched, to see what Odoo (uid 101)
         * can and cannot do in a folder tree someone else left.
         */
        public Spec dataDirAsIs(Path dir) {
            this.dataDir = dir;
            this.prepareDataDir = false;
            return this;
        }

        /** Arguments after {@code odoo}, e.g. "-d", "prod", "-i", "base", "--stop-after-init". */
        public Spec args(String... a) {
            odooArgs.addAll(List.of(a));
            return this;
        }

        public Spec env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** Runs a one-off command to completion (e.g. {@code -i base --stop-after-init}); returns exit code and logs. */
        public Processes.Result runToCompletion(Duration timeout) {
            List<String> cmd = dockerRun(false, 0);
            return DockerEngine.docker(timeout, cmd);
        }

        /**
         * Creates and initialises database {@code db} the way Odoo does ({@code odoo -d db -i base --stop-after-init},
         * then {@code extraArgs}), the set-up most tests start from; fails with the logs when that exits non-zero.
         */
        public Processes.Result initDatabase(String db, String... extraArgs) {
            // a production-like database: without demo data (Odoo 16-18 load it unless --without-demo)
            args("-d", db, "-i", "base", "--stop-after-init", "--without-demo=all");
            args(extraArgs);
            Processes.Result init = runToCompletion(Duration.ofMinutes(5));
            if (init.exitCode() != 0) {
                throw new IllegalStateException("odoo -d " + db + " -i base failed (exit " + init.exitCode() + "):\n" + init.combined());
            }
            return init;
        }

        /** Starts the server in the background on a free port. */
        public StandInContainer start() {
            int port = freePort();
            Processes.Result r = DockerEngine.docker(Duration.ofMinutes(2), dockerRun(true, port));
            if (r.exitCode() != 0) {
                throw new IllegalStateException("Unable to start stand-in container " + name + ": " + r.combined());
            }
            return new StandInContainer(name, port);
        }

        private List<String> dockerRun(boolean detached, int port) {
            DockerEngine.require();
            List<String> cmd = new ArrayList<>(List.of("run", "--pull", "never", "--name", name, "--network", "host"));
            cmd.add(detached ? "-d" : "--rm");
            if (pg != null) {
                cmd.addAll(List.of("--env-file", envFile().toString()));
            }
            env.forEach((k, v) -> cmd.addAll(List.of("-e", k + "=" + v)));
            if (dataDir != null) {
                if (prepareDataDir) {
                    prepareDataDir(dataDir);
                }
                cmd.addAll(List.of("-v", dataDir.toAbsolutePath() + ":/var/lib/odoo"));
            }
            cmd.add(image);
            cmd.add("odoo");
            if (detached) {
                cmd.add("--http-port=" + port);
            }
            cmd.addAll(odooArgs);
            return cmd;
        }

        private Path envFile() {
            try {
                Path f = Files.createTempFile("standin-", ".env", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
                f.toFile().deleteOnExit();
                Files.writeString(f, "HOST=" + pg.host() + "\nPORT=" + pg.port() + "\nUSER=" + PgServer.ODOO_ROLE
                        + "\nPASSWORD=" + PgServer.ODOO_PASSWORD + "\n");
                return f;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static Spec image(String image) {
        return new Spec(image);
    }

    /** The official image's odoo user and group. */
    public static final int ODOO_UID = 101;

    /**
     * Makes a data_dir the container's odoo user (uid 101) can write, the way an operator sets one up for the
     * official image ({@code chown -R 101:101}): as root, everything in it is given to uid/gid 101 (so Odoo's own
     * user is the owner of its data directory and filestore, which odoo-release reads it from); folders are also
     * opened to everyone, for runs that are not root.
     */
    public static void prepareDataDir(Path dir) {
        try {
            Files.createDirectories(dir.resolve("filestore"));
            boolean root = "root".equals(System.getProperty("user.name"));
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.toList()) {
                    if (root && !Files.isSymbolicLink(p)) {
                        Files.setAttribute(p, "unix:uid", ODOO_UID, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                        Files.setAttribute(p, "unix:gid", ODOO_UID, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    }
                    if (Files.isDirectory(p)) {
                        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to prepare data dir " + dir, e);
        }
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    public URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + httpPort + pathAndQuery);
    }

    /** Container logs (stdout and stderr). */
    public String logs() {
        return DockerEngine.docker(Duration.ofSeconds(30), "logs", name).combined();
    }

    /** GETs a path; returns status and body, or status -1 when nothing answers. */
    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).build();
        return client.send(HttpRequest.newBuilder(url(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until a log line appears. */
    public void awaitLog(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logs().contains(text)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("stand-in " + name + " did not log '" + text + "' within " + timeout.toSeconds()
                + " s; logs:\n" + logs());
    }

    @Override
    public void close() {
        DockerEngine.removeContainers(name);
    }

    private static int freePort() {
        return FreePorts.next();
    }
}
