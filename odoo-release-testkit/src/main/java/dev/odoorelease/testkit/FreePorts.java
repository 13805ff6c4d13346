package dev.odoorelease.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free loopback ports for tests, never the same one twice in a JVM. Asking the kernel for port 0 several times in a row
 * may answer the same port again once the probing socket is closed: two environments of one test then got one URL
 * (MultibranchPromotionTest: dev and production on one port, refused by the configuration's distinct-endpoints check).
 */
public final class FreePorts {
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** A loopback port nothing listens on now, and not handed out before by this JVM. */
    public static int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("Unable to find a free loopback port", e);
            }
            if (GIVEN.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("Unable to find a free loopback port this JVM has not handed out already");
    }
}
