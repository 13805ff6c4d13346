package dev.odoorelease.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests, demos and benchmarks: {@code initdb} into a folder under
 * {@code target/pg/}, started with {@code pg_ctl} on a free loopback port, password (SCRAM)
 * authentication over TCP, an {@code odoo} role (password {@code odoo}, CREATEDB, like the role an
 * Odoo server uses) and a superuser {@code postgres} with a random password. {@link #close()} stops
 * it and deletes the folder.
 *
 * <p>PostgreSQL refuses to run as root; when the JVM runs as root, the cluster runs as the system
 * user {@code postgres} (created by Debian's postgresql packages) through {@code runuser}.
 *
 * <p>Clusters left behind by a killed JVM are recognised by the pid in their folder name and
 * removed by the next {@link #start}.
 */
public final class PgServer implements AutoCloseable {
    public static final String ODOO_ROLE = "odoo";
    public static final String ODOO_PASSWORD = "odoo";
    public static final String SUPERUSER = "postgres";

    private static final String RUN_AS = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Path dataDir;
    private final int port;
    private final String superPassword;
    private final boolean runAsOther;
    private volatile boolean stopped;

    private PgServer(String name, Path dataDir, int port, String superPassword, boolean runAsOther) {
        this.name = name;
        this.dataDir = dataDir;
        this.port = port;
        this.superPassword = superPassword;
        this.runAsOther = runAsOther;
    }

    /** Starts a cluster with settings for fast tests (no fsync). */
    public static PgServer start(String name) {
        return start(name, Options.FAST);
    }

    public static PgServer start(String name, Options options) {
        if (!name.matches("[a-z][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException("cluster name must match [a-z][a-z0-9-]*: " + name);
        }
        Path bin = PgBinaries.binDir();
        Path base = baseDir();
        removeOrphans(base, bin);
        boolean root = "root".equals(System.getProperty("user.name"));
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Path dir = base.resolve(name + "-" + port + "-" + ProcessHandle.current().pid());
            String superPassword = UUID.randomUUID().toString().replace("-", "");
            PgServer server = new PgServer(name, dir, port, superPassword, root);
            try {
                server.initAndStart(bin, options);
                Runtime.getRuntime().addShutdownHook(new Thread(server::stopQuietly, "pg-" + name + "-stop"));
                return server;
            } catch (RuntimeException e) {
                server.stopQuietly();
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /** Settings of a test cluster. */
    public record Options(boolean durable, Map<String, String> settings) {
        /** fsync off: fast, and fine for data that dies with the test. */
        public static final Options FAST = new Options(false, Map.of());
        /** Real durability settings, for benchmarks that must not flatter us. */
        public static final Options DURABLE = new Options(true, Map.of());

        public Options with(String key, String value) {
            Map<String, String> m = new java.util.HashMap<>(settings);
            m.put(key, value);
            return new Options(durable, Map.copyOf(m));
        }
    }

    private void initAndStart(Path bin, Options options) {
        try {
            Files.createDirectories(dataDir.getParent());
            Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path pwfile = Files.createTempFile(dataDir.getParent(), "pw", ".txt",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(pwfile, superPassword + "\n");
            if (runAsOther) {
                UserPrincipal user = dataDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(RUN_AS);
                Files.setOwner(dataDir, user);
                Files.setOwner(pwfile, user);
            }
            try {
                exec(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                        "--pwfile=" + pwfile, "--auth-local=scram-sha-256", "--auth-host=scram-sha-256",
                        "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"), Duration.ofSeconds(120));
            } finally {
                Files.deleteIfExists(pwfile);
            }
            List<String> conf = new ArrayList<>();
            conf.add("listen_addresses = '127.0.0.1'");
            conf.add("port = " + port);
            conf.add("unix_socket_directories = ''"); // TCP only: no socket path length limits
            conf.add("max_connections = 100");
            conf.add("logging_collector = off");
            if (!options.durable()) {
                conf.add("fsync = off");
                conf.add("synchronous_commit = off");
                conf.add("full_page_writes = off");
            }
            options.settings().forEach((k, v) -> conf.add(k + " = '" + v.replace("'", "''") + "'"));
            Files.writeString(dataDir.resolve("postgresql.auto.conf"), String.join("\n", conf) + "\n");
            exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", dataDir.resolve("server.log").toString(),
                    "-w", "-t", String.valueOf(START_TIMEOUT.toSeconds()), "start"), START_TIMEOUT.plusSeconds(10));
            try (Connection c = superConnect("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + ODOO_ROLE + " LOGIN CREATEDB PASSWORD '" + ODOO_PASSWORD + "'");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to create PostgreSQL cluster " + name + " in " + dataDir, e);
        } catch (SQLException e) {
            throw new IllegalStateException("Unable to prepare PostgreSQL cluster " + name + ": " + e.getMessage(), e);
        }
    }

    private void exec(List<String> command, Duration timeout) {
        List<String> cmd = new ArrayList<>();
        if (runAsOther) {
            cmd.addAll(List.of("runuser", "-u", RUN_AS, "--"));
        }
        cmd.addAll(command);
        Processes.Result r = Processes.run(cmd, timeout);
        if (r.exitCode() != 0) {
            String log = "";
            try {
                Path serverLog = dataDir.resolve("server.log");
                if (Files.exists(serverLog)) {
                    log = "\nserver.log:\n" + Files.readString(serverLog);
                }
            } catch (IOException ignored) {
                // best effort
            }
            throw new IllegalStateException("PostgreSQL command failed (" + r.exitCode() + "): "
                    + String.join(" ", command) + "\n" + r.combined() + log);
        }
    }

    public String name() {
        return name;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String superPassword() {
        return superPassword;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** A connection as the {@code odoo} role. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), ODOO_ROLE, ODOO_PASSWORD);
    }

    /** A connection as the superuser. */
    public Connection superConnect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, superPassword);
    }

    /** Creates an empty database owned by the {@code odoo} role, with the extensions Odoo uses. */
    public void createDatabase(String database) {
        if (!database.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("unsafe database name: " + database);
        }
        try (Connection c = superConnect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + database + "\" OWNER " + ODOO_ROLE + " TEMPLATE template0 ENCODING 'UTF8'");
        } catch (SQLException e) {
            throw new IllegalStateException("Unable to create database " + database + ": " + e.getMessage(), e);
        }
        try (Connection c = superConnect(database); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
            s.execute("CREATE EXTENSION IF NOT EXISTS unaccent");
        } catch (SQLException e) {
            throw new IllegalStateException("Unable to add extensions to " + database + ": " + e.getMessage(), e);
        }
    }

    /** Runs one statement as the superuser. */
    public void superExecute(String database, String sql) {
        try (Connection c = superConnect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Unable to run SQL on " + database + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server immediately without deleting its files (for crash tests). */
    public void kill() {
        exec(List.of(PgBinaries.binDir().resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "stop"),
                Duration.ofSeconds(60));
    }

    /** Starts a stopped server again on the same port. */
    public void restart() {
        exec(List.of(PgBinaries.binDir().resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l",
                dataDir.resolve("server.log").toString(), "-w", "start"), START_TIMEOUT.plusSeconds(10));
    }

    @Override
    public void close() {
        stopQuietly();
    }

    private synchronized void stopQuietly() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (Files.exists(dataDir.resolve("postmaster.pid"))) {
                exec(List.of(PgBinaries.binDir().resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast",
                        "-w", "stop"), Duration.ofSeconds(60));
            }
        } catch (RuntimeException e) {
            System.err.println("warning: could not stop PostgreSQL cluster " + dataDir + ": " + e.getMessage());
        }
        deleteTree(dataDir);
    }

    private static Path baseDir() {
        String dir = System.getProperty("odoorelease.pg.dir");
        Path base = dir != null ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"), "odoo-release-pg");
        try {
            Files.createDirectories(base);
            // the postgres user must be able to traverse into its cluster folder
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to create " + base, e);
        }
        return base;
    }

    /** Stops and deletes clusters whose owning JVM is gone (a killed test run). */
    private static void removeOrphans(Path base, Path bin) {
        try (Stream<Path> dirs = Files.list(base)) {
            for (Path d : dirs.toList()) {
                String n = d.getFileName().toString();
                int dash = n.lastIndexOf('-');
                if (dash < 0 || !Files.isDirectory(d)) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(n.substring(dash + 1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                if (Files.exists(d.resolve("postmaster.pid"))) {
                    List<String> cmd = new ArrayList<>();
                    if ("root".equals(System.getProperty("user.name"))) {
                        cmd.addAll(List.of("runuser", "-u", RUN_AS, "--"));
                    }
                    cmd.addAll(List.of(bin.resolve("pg_ctl").toString(), "-D", d.toString(), "-m", "immediate", "stop"));
                    Processes.run(cmd, Duration.ofSeconds(30));
                }
                deleteTree(d);
            }
        } catch (IOException e) {
            // best effort
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static int freePort() {
        return FreePorts.next();
    }

    @Override
    public String toString() {
        return "PgServer[" + name + " 127.0.0.1:" + port + "]";
    }
}
