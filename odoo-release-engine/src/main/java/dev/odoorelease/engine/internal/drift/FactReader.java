package dev.odoorelease.engine.internal.drift;

import dev.odoorelease.engine.internal.db.DbNames;
import dev.odoorelease.engine.internal.filestore.FilestoreStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads the {@link Facts} of one Odoo database (the queries of {@code drift/index.txt}), the exact row counts of
 * given tables, and the size of a filestore. Reads only: the caller's connection is in a {@code REPEATABLE READ
 * READ ONLY} transaction (see {@link #readOnly(Connection)}), so every fact is of one point in time and nothing
 * can be written.
 */
final class FactReader {
    /** Configuration parameters whose values are secrets: compared through a keyed hash, never shown. */
    static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(secret|passw|pwd|token|key|private|credential|account_info|enterprise_code|signature|uuid).*");
    /** What a secret's value looks like in the facts: {@code (secret <keyed hash>)}. */
    static final String SECRET_PREFIX = "(secret ";

    private final Connection c;
    private final byte[] secretKey;

    /**
     * @param c         a connection in a read-only transaction
     * @param secretKey the key secret values are hashed with: one per run, so a hash compares values of one report and
     *                  tells nothing outside it
     */
    FactReader(Connection c, byte[] secretKey) {
        this.c = c;
        this.secretKey = secretKey.clone();
    }

    /** Starts a {@code REPEATABLE READ READ ONLY} transaction on {@code c}: one point in time, and no write possible. */
    static void readOnly(Connection c) throws SQLException {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            s.execute("SET LOCAL statement_timeout = '10min'");
        }
    }

    /** Every kind of {@code index.txt} whose tables exist. */
    Facts read() throws SQLException {
        Facts f = Facts.empty();
        for (String line : resource("index.txt").split("\n")) {
            String[] p = line.strip().split("\\s+");
            if (p.length < 2 || p[0].startsWith("#")) {
                continue;
            }
            if (!tablesExist(List.of(p).subList(2, p.length))) {
                continue;
            }
            f.kind(p[0]);
            read(f, p[0], resource(p[1]));
        }
        return f;
    }

    private void read(Facts f, String kind, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            boolean longForm = md.getColumnCount() == 3 && "field".equals(md.getColumnLabel(2)) && "value".equals(md.getColumnLabel(3));
            while (rs.next()) {
                String key = rs.getString(1);
                if (key == null) {
                    continue;
                }
                if (longForm) {
                    f.put(kind, key, rs.getString(2), text(rs.getString(3)));
                } else {
                    for (int i = 2; i <= md.getColumnCount(); i++) {
                        String field = md.getColumnLabel(i);
                        String v = text(rs.getString(i));
                        if ("config_parameters".equals(kind) && SECRET_KEY.matcher(key).matches()) {
                            v = SECRET_PREFIX + hash(v) + ")";
                        }
                        f.put(kind, key, field, v);
                    }
                }
            }
        }
    }

    /** The {@code limit} largest tables of the public schema, by total size. */
    List<String> largestTables(int limit) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(resource("largest_tables.sql"))) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Exact row counts of those of {@code tables} that exist here, as kind {@code rows}. */
    void countRows(Facts f, Collection<String> tables) throws SQLException {
        f.kind(DriftKinds.ROWS);
        for (String t : tables) {
            if (!tablesExist(List.of(t))) {
                continue;
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM public." + DbNames.quoteIdentifier(t))) {
                rs.next();
                f.put(DriftKinds.ROWS, t, "rows", Long.toString(rs.getLong(1)));
            }
        }
    }

    /** The filestore's file count and size, as kind {@code filestore}. */
    static void filestore(Facts f, Path dir) {
        FilestoreStats s = FilestoreStats.of(dir);
        f.put(DriftKinds.FILESTORE, "filestore", "files", Long.toString(s.files()));
        f.put(DriftKinds.FILESTORE, "filestore", "bytes", Long.toString(s.bytes()));
    }

    private boolean tablesExist(List<String> tables) throws SQLException {
        for (String t : tables) {
            try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                ps.setString(1, "public." + DbNames.quoteIdentifier(t));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private String hash(String v) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(v.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String text(String v) {
        return v == null ? "" : v;
    }

    static String resource(String name) {
        try (InputStream in = FactReader.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("drift/" + name + " missing from the engine jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
