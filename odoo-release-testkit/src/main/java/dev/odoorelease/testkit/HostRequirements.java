package dev.odoorelease.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host programs this project may run, as declared in {@code scripts/host-requirements} (which
 * {@code scripts/setup-machine} installs and {@code setup-machine --check} verifies). {@link Processes} refuses a
 * host program that is not declared, so a test cannot come to depend on something a bare machine lacks: it fails at
 * once naming the program and the file to declare it in.
 */
public final class HostRequirements {
    private static volatile Map<String, String> declared;

    private HostRequirements() {
    }

    /** Program name → Debian package, from the file found above the working directory. */
    public static Map<String, String> declared() {
        Map<String, String> d = declared;
        if (d == null) {
            d = parse(file());
            declared = d;
        }
        return d;
    }

    /** {@code scripts/host-requirements} of the checkout the tests run in. */
    public static Path file() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path f = dir.resolve("scripts").resolve("host-requirements");
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new IllegalStateException("scripts/host-requirements not found above " + Path.of("").toAbsolutePath()
                + ": run the tests from the project's checkout.");
    }

    static Map<String, String> parse(Path f) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(f)) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] parts = t.split("\\s+", 4);
                if (parts.length < 4) {
                    throw new IllegalStateException(f + ": '" + line + "' is not '<program> <package> <where> <why>'");
                }
                m.put(parts[0], parts[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(m);
    }

    /**
     * Fails when the command's program is a host program (a bare name, or a path under /usr, /bin or /sbin) that
     * is not declared. Programs a test made itself (a path elsewhere) and the JDK running the tests pass.
     */
    public static void require(List<String> command) {
        String program = command.get(0);
        if (program.contains("/")) {
            Path p = Path.of(program).toAbsolutePath().normalize();
            Path javaHome = Path.of(System.getProperty("java.home")).toAbsolutePath().normalize();
            boolean system = p.startsWith("/usr") || p.startsWith("/bin") || p.startsWith("/sbin");
            if (!system || p.startsWith(javaHome)) {
                return;
            }
            program = p.getFileName().toString();
        }
        if (!declared().containsKey(program)) {
            throw new IllegalStateException("The host program '" + program + "' is run by a test but not declared in "
                    + file() + ", so scripts/setup-machine does not install it and a bare machine fails here. Declare it"
                    + " there with its Debian package and why, or run it inside an image instead.");
        }
    }
}
