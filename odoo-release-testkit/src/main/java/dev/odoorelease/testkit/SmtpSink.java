package dev.odoorelease.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A mail catcher on a loopback port: speaks enough SMTP (EHLO/HELO, AUTH PLAIN/LOGIN accepting any
 * credentials, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for Python's smtplib and keeps every message it
 * receives. Tests and the demo point Odoo's
 * mail servers here, so "production sends mail, staging sends none" can be checked without any
 * traffic leaving the machine.
 */
public final class SmtpSink implements AutoCloseable {
    /** One received message. */
    public record Message(String from, List<String> to, String data) {
    }

    private final ServerSocket server;
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private SmtpSink(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "smtp-sink");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    public static SmtpSink start() {
        try {
            return new SmtpSink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> session(s), "smtp-sink-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = s.getOutputStream()) {
            reply(out, "220 smtp-sink ESMTP");
            String from = null;
            List<String> to = new CopyOnWriteArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line.toUpperCase(java.util.Locale.ROOT);
                switch (cmd) {
                    case "EHLO" -> reply(out, "250-smtp-sink\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME");
                    case "AUTH" -> {
                        String[] words = line.trim().split("\\s+");
                        String mech = words.length > 1 ? words[1].toUpperCase(java.util.Locale.ROOT) : "";
                        if (mech.equals("LOGIN")) {
                            if (words.length < 3) {
                                reply(out, "334 VXNlcm5hbWU6");
                                in.readLine();
                            }
                            reply(out, "334 UGFzc3dvcmQ6");
                            in.readLine();
                        } else if (words.length < 3) {
                            reply(out, "334 ");
                            in.readLine();
                        }
                        reply(out, "235 2.7.0 Authentication successful");
                    }
                    case "HELO" -> reply(out, "250 smtp-sink");
                    case "MAIL" -> {
                        from = line.substring(line.indexOf(':') + 1).trim();
                        to = new CopyOnWriteArrayList<>();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        to.add(line.substring(line.indexOf(':') + 1).trim());
                        reply(out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        StringBuilder data = new StringBuilder();
                        String d;
                        while ((d = in.readLine()) != null && !d.equals(".")) {
                            data.append(d.startsWith("..") ? d.substring(1) : d).append('\n');
                        }
                        messages.add(new Message(from, List.copyOf(to), data.toString()));
                        reply(out, "250 OK queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "250 OK");
                }
            }
        } catch (IOException ignored) {
            // client went away
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
