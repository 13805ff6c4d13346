package dev.odoorelease.engine.internal.docker;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.odoorelease.testkit.DockerEngine;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.StandInContainer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Containers of the Odoo stand-in image described as {@link ContainerSpec}s, run the way the official image is
 * (database settings in {@code HOST/PORT/USER/PASSWORD}, data_dir at {@code /var/lib/odoo}, host network so the
 * container reaches the loopback-only test cluster), for the integration tests of the docker and health packages.
 */
public final class StandIns {
    /** Label on every container these tests create, so a test run can find what it left. */
    public static final String LABEL = "dev.odoorelease.test";

    private static final SecureRandom RANDOM = new SecureRandom();

    private StandIns() {
    }

    /**
     * Skips the calling test class when no Docker engine answers {@code docker info}, saying how to get one; on CI
     * ({@code CI} set) fails instead, because there the engine must be there.
     */
    public static void requireEngine() {
        if (DockerEngine.isAvailable()) {
            return;
        }
        String message = "No Docker engine answers `docker info`: these tests need one. Run scripts/setup-machine"
                + " (installs docker.io and starts dockerd --storage-driver=vfs) or set DOCKER_HOST.";
        if (System.getenv("CI") != null) {
            throw new IllegalStateException(message);
        }
        assumeTrue(false, message);
    }

    /** A container name no other test (or worktree sharing the engine) uses. */
    public static String uniqueName(String prefix) {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return dev.odoorelease.testkit.TestNames.prefix("odoo-release-it") + prefix + "-" + HexFormat.of().formatHex(b);
    }

    /** A one-off stand-in command: {@code odoo <args>} (e.g. {@code -d prod -i base --stop-after-init}). */
    public static ContainerSpec.Builder job(String image, PgServer pg, Path dataDir, String... odooArgs) {
        List<String> command = new ArrayList<>(List.of("odoo"));
        command.addAll(List.of(odooArgs));
        return base(image, pg, dataDir).command(command);
    }

    /** The stand-in's HTTP server on {@code httpPort} of the host. */
    public static ContainerSpec.Builder server(String image, PgServer pg, Path dataDir, int httpPort, String... odooArgs) {
        List<String> command = new ArrayList<>(List.of("odoo", "--http-port=" + httpPort));
        command.addAll(List.of(odooArgs));
        return base(image, pg, dataDir).command(command);
    }

    private static ContainerSpec.Builder base(String image, PgServer pg, Path dataDir) {
        StandInContainer.prepareDataDir(dataDir);
        return ContainerSpec.builder(image)
                .network("host")
                .env("HOST", pg.host())
                .env("PORT", Integer.toString(pg.port()))
                .env("USER", PgServer.ODOO_ROLE)
                .env("PASSWORD", PgServer.ODOO_PASSWORD)
                .volume(dataDir.toAbsolutePath() + ":/var/lib/odoo")
                .label(LABEL, "odoo-release-engine");
    }

    public static int freePort() {
        return dev.odoorelease.testkit.FreePorts.next();
    }

    /**
     * Waits until a stand-in server started with {@link #server} accepts connections on {@code port} (host network, so
     * a refused connection means it does not listen yet). A test that then checks what a short health check reports
     * (an HTTP status, a redirect) must not let a slow container start on a loaded machine turn its answer into
     * "connection refused".
     */
    public static void awaitListening(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Nothing listens on 127.0.0.1:" + port + " after " + timeout.toSeconds()
                            + " s: the stand-in server did not start (docker logs of its container)", e);
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for 127.0.0.1:" + port, e);
            }
        }
    }

    /** Removes these containers (and their anonymous volumes), ignoring those already gone. */
    public static void removeAll(List<String> names) {
        for (String n : names) {
            DockerEngine.removeContainers(n);
        }
    }
}
