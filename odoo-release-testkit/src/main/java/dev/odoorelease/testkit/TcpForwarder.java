package dev.odoorelease.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small TCP forwarder for tests: listens on a free loopback port and pipes every connection to a target
 * {@code host:port} — another port that reaches the same server, as a port forward, an SSH tunnel or a
 * connection pooler would. {@link #retarget} changes where new connections go (a DNS name that moves).
 */
public final class TcpForwarder implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile InetSocketAddress target;

    private TcpForwarder(InetSocketAddress target) throws IOException {
        this(target, InetAddress.getLoopbackAddress());
    }

    private TcpForwarder(InetSocketAddress target, InetAddress bind) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, bind);
        Thread accept = new Thread(this::acceptLoop, "tcp-forward-" + server.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** Forwards a new loopback port to {@code host:port}. */
    public static TcpForwarder to(String host, int port) {
        try {
            return new TcpForwarder(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to start a TCP forwarder to " + host + ":" + port, e);
        }
    }

    /**
     * Forwards a new port on {@code bindAddress} (e.g. the gateway of Docker's {@code docker_gwbridge}, which swarm tasks reach)
     * to {@code host:port}; the target sees the connections come from the forwarder (loopback).
     */
    public static TcpForwarder on(String bindAddress, String host, int port) {
        try {
            return new TcpForwarder(new InetSocketAddress(host, port), InetAddress.getByName(bindAddress));
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to start a TCP forwarder on " + bindAddress + " to " + host + ":" + port, e);
        }
    }

    /** The loopback port it listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** Sends new connections to {@code host:port} from now on (open ones stay where they are). */
    public void retarget(String host, int port) {
        this.target = new InetSocketAddress(host, port);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                Socket out = new Socket();
                try {
                    out.connect(target, 10_000);
                } catch (IOException e) {
                    in.close();
                    continue;
                }
                open.add(in);
                open.add(out);
                pipe(in, out);
                pipe(out, in);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream is = from.getInputStream(); OutputStream os = to.getOutputStream()) {
                int n;
                while ((n = is.read(buf)) >= 0) {
                    os.write(buf, 0, n);
                    os.flush();
                }
            } catch (IOException ignored) {
                // one side closed: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-forward-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        open.forEach(TcpForwarder::closeQuietly);
    }
}
