package dev.odoorelease.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A unix socket that forwards every connection to the real Docker engine's socket, and that a test can cut: "Docker
 * is down" for whoever was given {@link #endpoint()} (connections refused, open ones closed, streams such as
 * {@code docker wait} broken) while the real engine — shared with other tests — keeps running, and so do the
 * containers started through the proxy: exactly the dangerous case of an engine that stops answering during a
 * deploy. {@link #restore()} makes it answer again.
 */
public final class DockerSocketProxy implements AutoCloseable {
    private final Path socket;
    private final Path target;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocketChannel server;

    private DockerSocketProxy(Path socket, Path target) {
        this.socket = socket;
        this.target = target;
    }

    /** A proxy listening at {@code socket} for the engine the tests use ({@code DOCKER_HOST} when a unix socket, else the default). */
    public static DockerSocketProxy start(Path socket) {
        String host = System.getenv("DOCKER_HOST");
        Path target = host != null && host.startsWith("unix://") ? Path.of(host.substring("unix://".length()))
                : Path.of("/var/run/docker.sock");
        DockerSocketProxy p = new DockerSocketProxy(socket, target);
        p.restore();
        return p;
    }

    /** The proxy's address for a Docker client: {@code DOCKER_HOST}'s value, or the engine's {@code DockerEndpoint.of}. */
    public String uri() {
        return "unix://" + socket;
    }

    /** Docker stops answering: the socket is gone, and every connection through it is closed. */
    public synchronized void cut() {
        ServerSocketChannel s = server;
        server = null;
        closeQuietly(s);
        for (SocketChannel c : open) {
            closeQuietly(c);
        }
        open.clear();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Docker answers again. */
    public synchronized void restore() {
        if (server != null) {
            return;
        }
        try {
            Files.deleteIfExists(socket);
            ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            s.bind(UnixDomainSocketAddress.of(socket));
            server = s;
            Thread accept = new Thread(() -> accept(s), "docker-proxy-accept");
            accept.setDaemon(true);
            accept.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocketChannel s) {
        while (s.isOpen()) {
            SocketChannel client;
            try {
                client = s.accept();
            } catch (IOException e) {
                return; // cut
            }
            try {
                SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(target));
                open.add(client);
                open.add(engine);
                pump(client, engine);
                pump(engine, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to) {
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        to.write(buf);
                    }
                    buf.clear();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "docker-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
