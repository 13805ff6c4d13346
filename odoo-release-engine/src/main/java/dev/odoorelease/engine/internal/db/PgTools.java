package dev.odoorelease.engine.internal.db;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.Redactor;
import dev.odoorelease.engine.internal.process.ProcessResult;
import dev.odoorelease.engine.internal.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import dev.odoorelease.engine.config.DbTarget;

/**
 * The PostgreSQL client programs ({@code pg_dump}, {@code pg_restore}, {@code psql}) that fit a
 * server: the same major version when installed, else the oldest newer one (pg_dump refuses
 * servers newer than itself). Searched in the folder named by the system property
 * {@code odoorelease.pg.bindir} or {@code $PG_BINDIR}, then Debian's
 * {@code /usr/lib/postgresql/<major>/bin}, then the PATH.
 */
public final class PgTools {
    private final Path binDir;
    private final int major;

    private PgTools(Path binDir, int major) {
        this.binDir = binDir;
        this.major = major;
    }

    public static PgTools forServer(int serverMajor) {
        List<Candidate> candidates = candidates();
        Candidate best = candidates.stream().filter(c -> c.major == serverMajor).findFirst()
                .or(() -> candidates.stream().filter(c -> c.major > serverMajor).min(Comparator.comparingInt(c -> c.major)))
                .orElseThrow(() -> new OdooReleaseException(ErrorCode.PREREQUISITE,
                        "Unable to find pg_dump/pg_restore for a PostgreSQL " + serverMajor + " server: "
                                + (candidates.isEmpty() ? "none is installed"
                                : "the newest here is " + candidates.stream().mapToInt(c -> c.major).max().getAsInt()
                                        + ", and pg_dump refuses newer servers")
                                + ". Install postgresql-client-" + serverMajor + " on this machine (agent)."));
        return new PgTools(best.dir, best.major);
    }

    public Path pgDump() {
        return binDir.resolve("pg_dump");
    }

    public Path pgRestore() {
        return binDir.resolve("pg_restore");
    }

    public Path psql() {
        return binDir.resolve("psql");
    }

    public int major() {
        return major;
    }

    /**
     * Runs pg_dump or pg_restore against {@code target}: connection options first, then {@code args};
     * the password only through a temporary 0600 passfile; output redacted of {@code target}'s
     * password and of {@code otherSecrets}. Returns how it ended, whatever the exit code.
     */
    public ProcessResult run(Path program, DbTarget target, List<String> args, Duration timeout, String... otherSecrets) {
        List<String> argv = new ArrayList<>(List.of(program.toString(), "--host", target.host(), "--port",
                String.valueOf(target.port()), "--username", target.user(), "--no-password"));
        argv.addAll(args);
        try (PassFile pass = PassFile.of(target)) {
            return ProcessRunner.of(argv).env(pass.env()).redactor(Redactor.of(otherSecrets).plus(target.password()))
                    .timeout(timeout).run();
        }
    }

    private record Candidate(Path dir, int major) {
    }

    private static List<Candidate> candidates() {
        List<Candidate> out = new ArrayList<>();
        String env = System.getProperty("odoorelease.pg.bindir", System.getenv("PG_BINDIR"));
        if (env != null && !env.isBlank() && Files.isExecutable(Path.of(env, "pg_dump"))) {
            Integer m = versionOf(Path.of(env, "pg_dump"));
            if (m != null) {
                out.add(new Candidate(Path.of(env), m));
            }
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                s.filter(p -> p.getFileName().toString().matches("\\d+"))
                        .filter(p -> Files.isExecutable(p.resolve("bin/pg_dump")) && Files.isExecutable(p.resolve("bin/pg_restore")))
                        .forEach(p -> out.add(new Candidate(p.resolve("bin"), Integer.parseInt(p.getFileName().toString()))));
            } catch (IOException ignored) {
                // none there
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path d = Path.of(dir.isEmpty() ? "." : dir);
            if (Files.isExecutable(d.resolve("pg_dump")) && Files.isExecutable(d.resolve("pg_restore"))
                    && out.stream().noneMatch(c -> c.dir.equals(d))) {
                Integer m = versionOf(d.resolve("pg_dump"));
                if (m != null) {
                    out.add(new Candidate(d, m));
                }
            }
        }
        return out;
    }

    /** Major version printed by {@code pg_dump --version} ("pg_dump (PostgreSQL) 15.8"). */
    private static Integer versionOf(Path pgDump) {
        try {
            Process p = new ProcessBuilder(pgDump.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\)\\s+(\\d+)").matcher(out);
            return m.find() ? Integer.parseInt(m.group(1)) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
