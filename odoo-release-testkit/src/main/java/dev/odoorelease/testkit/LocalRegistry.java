package dev.odoorelease.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real, throwaway image registry: Docker's distribution registry ({@code docker-registry}, Debian package
 * docker-registry) on a free loopback port, with its own configuration and storage in a temporary folder. The Docker
 * engine treats registries on 127.0.0.0/8 as insecure (plain HTTP) by default, so {@code docker push
 * 127.0.0.1:<port>/name:tag} and pulls by digest work without configuring the engine. {@link #close()} stops it and
 * deletes its storage.
 */
public final class LocalRegistry implements AutoCloseable {
    private static final String PROGRAM = "docker-registry";

    private final Path dir;
    private final int port;
    private final Process process;

    private LocalRegistry(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts a registry and waits until it answers {@code GET /v2/}. */
    public static LocalRegistry start() {
        HostRequirements.require(List.of(PROGRAM));
        Path dir;
        try {
            dir = Files.createTempDirectory("odoo-release-registry-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = freePort();
        Path config = dir.resolve("config.yml");
        Path log = dir.resolve("registry.log");
        try {
            Files.writeString(config, "version: 0.1\n"
                    + "log:\n  level: info\n"
                    + "storage:\n  filesystem:\n    rootdirectory: " + dir.resolve("data") + "\n"
                    + "  delete:\n    enabled: true\n"
                    + "http:\n  addr: 127.0.0.1:" + port + "\n");
            Process p = new ProcessBuilder(PROGRAM, "serve", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            LocalRegistry r = new LocalRegistry(dir, port, p);
            r.awaitReady(log);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to start " + PROGRAM + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        return FreePorts.next();
    }

    /** {@code 127.0.0.1:<port>}: the registry part of an image reference. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    private void awaitReady(Path log) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                throw new IllegalStateException(PROGRAM + " exited with " + process.exitValue() + ": " + read(log));
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while starting " + PROGRAM, e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while starting " + PROGRAM, e);
            }
        }
        close();
        throw new IllegalStateException(PROGRAM + " did not answer on " + host() + " within 60 s: " + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary folder
        }
    }
}
