package dev.odoorelease.engine.internal.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The other client sessions of a database, each with how the connected role may end it, read BEFORE any is ended: a
 * role that is not a superuser (a managed server's master user) ends its own role's sessions as that role, other
 * roles' sessions through {@code pg_signal_backend}, and never a superuser's (a provider's monitoring, an
 * administrator's psql). Ending only when every one of them may be ended is what lets an operation refuse up front
 * instead of failing halfway, with some sessions already gone.
 */
public final class OtherSessions {
    private static final String SQL = SqlResource.load(OtherSessions.class, "other-sessions.sql");

    /** How the connected role may end a session. */
    public enum How {
        SUPERUSER("as a superuser"),
        OWN("as their own role"),
        SIGNAL("through pg_signal_backend"),
        NONE("not at all");

        private final String words;

        How(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** One other session: its backend pid, role, application (or role) and how it may be ended. */
    public record Session(int pid, String role, String application, How how) {
    }

    private final String database;
    private final List<Session> sessions;

    private OtherSessions(String database, List<Session> sessions) {
        this.database = database;
        this.sessions = List.copyOf(sessions);
    }

    /** The other client sessions of {@code database}, seen from the role of {@code c}. */
    public static OtherSessions of(Connection c, String database) throws SQLException {
        List<Session> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Session(rs.getInt(1), rs.getString(2), rs.getString(3),
                            How.valueOf(rs.getString(4).toUpperCase(java.util.Locale.ROOT))));
                }
            }
        }
        return new OtherSessions(database, out);
    }

    public List<Session> all() {
        return sessions;
    }

    public boolean isEmpty() {
        return sessions.isEmpty();
    }

    /** The sessions the connected role may not end. */
    public List<Session> unendable() {
        return sessions.stream().filter(s -> s.how() == How.NONE).toList();
    }

    /** "3 session(s) (odoo-web, reporting)": what an operator recognises. */
    public String describe() {
        return describe(sessions);
    }

    static String describe(List<Session> list) {
        return list.size() + " session(s) (" + list.stream().map(Session::application).distinct().collect(Collectors.joining(", ")) + ")";
    }

    /**
     * How the sessions that may be ended will be: "2 session(s) of role odoo as their own role, 1 session(s) of role
     * reporting through pg_signal_backend" — the strategy an operation says it chose.
     */
    public String strategy() {
        Map<String, List<Session>> by = new LinkedHashMap<>();
        for (Session s : sessions) {
            if (s.how() != How.NONE) {
                by.computeIfAbsent(s.how().words() + "\u0000" + s.role(), k -> new ArrayList<>()).add(s);
            }
        }
        return by.entrySet().stream().map(e -> {
            String[] k = e.getKey().split("\u0000", 2);
            return e.getValue().size() + " session(s) of role " + k[1] + " " + k[0];
        }).collect(Collectors.joining(", "));
    }

    /**
     * Why the sessions that may not be ended cannot be, and what to do: "1 session(s) (psql) of role postgres, a
     * superuser: only a superuser may end a superuser's session".
     */
    public String whyUnendable(String role) {
        List<Session> none = unendable();
        Map<String, List<Session>> byRole = none.stream().collect(Collectors.groupingBy(Session::role, LinkedHashMap::new,
                Collectors.toList()));
        return byRole.entrySet().stream().map(e -> describe(e.getValue()) + " of role " + e.getKey())
                .collect(Collectors.joining(", ")) + ": role " + role + " may end neither a superuser's session (only a "
                + "superuser may) nor, unless it is a member of pg_signal_backend, another role's";
    }

    /** Ends the sessions the connected role may end (by pid, so no new session is caught); returns how many ended. */
    public int endThoseAllowed(Connection c) throws SQLException {
        int ended = 0;
        // from PostgreSQL 14, wait (up to 10 s) until each session is gone: what follows (a rename, a template copy) fails
        // while one is still there
        String sql = OdooDatabase.serverMajor(c) >= 14 ? "SELECT pg_terminate_backend(?, 10000)" : "SELECT pg_terminate_backend(?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Session s : sessions) {
                if (s.how() == How.NONE) {
                    continue;
                }
                ps.setInt(1, s.pid());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        ended++;
                    }
                }
            }
        }
        return ended;
    }

    public String database() {
        return database;
    }
}
