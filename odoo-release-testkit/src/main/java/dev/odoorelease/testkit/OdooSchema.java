package dev.odoorelease.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Odoo-shaped schema fixtures ({@code schema/odoo16.sql}, {@code odoo17.sql}, {@code odoo18.sql}
 * in this package's resources): the tables, columns, constraints, foreign keys and indexes of a real
 * Odoo database of that series for the models odoo-release touches, plus the rows of a fresh
 * database (base and the fixture's installed modules, admin user {@code admin}/{@code admin},
 * crons, mail templates, config parameters, inactive neutralize banner view...). The stand-in
 * program loads the same file on {@code -i base}. Test fixture, not product code.
 *
 * <pre>{@code
 * pg.createDatabase("prod");
 * try (Connection c = pg.connect("prod")) {
 *     OdooSchema.load(c, "17.0");
 * }
 * }</pre>
 */
public final class OdooSchema {
    static final String RESOURCE_DIR = "dev/odoorelease/testkit/schema/";
    private static final Map<Series, String> CACHE = new ConcurrentHashMap<>();

    private OdooSchema() {
    }

    /** The Odoo series the fixtures exist for. */
    public enum Series {
        V16("16.0"), V17("17.0"), V18("18.0");

        private final String id;

        Series(String id) {
            this.id = id;
        }

        /** "16.0", "17.0" or "18.0". */
        public String id() {
            return id;
        }

        /** 16, 17 or 18. */
        public int major() {
            return Integer.parseInt(id.substring(0, 2));
        }

        /** Accepts "17.0", "17", "V17" and "v17". */
        public static Series of(String series) {
            if (series == null) {
                throw new IllegalArgumentException("series is null");
            }
            String s = series.trim();
            if (s.startsWith("V") || s.startsWith("v")) {
                s = s.substring(1);
            }
            if (!s.contains(".")) {
                s = s + ".0";
            }
            for (Series v : values()) {
                if (v.id.equals(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("no Odoo schema fixture for series " + series + " (known: "
                    + Arrays.stream(values()).map(Series::id).toList() + ")");
        }

        /** Resource path of this series' SQL file. */
        public String resource() {
            return RESOURCE_DIR + "odoo" + major() + ".sql";
        }
    }

    /** The SQL text of a series' fixture. */
    public static String sql(String series) {
        return sql(Series.of(series));
    }

    public static String sql(Series series) {
        return CACHE.computeIfAbsent(series, s -> {
            try (InputStream in = OdooSchema.class.getClassLoader().getResourceAsStream(s.resource())) {
                if (in == null) {
                    throw new IllegalStateException("resource " + s.resource() + " is missing from the testkit");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Unable to read " + s.resource(), e);
            }
        });
    }

    /**
     * Creates the series' tables and fresh-database rows in the (empty) database behind {@code c},
     * in one transaction, as the connection's role (which then owns every object). The file's own
     * {@code CREATE EXTENSION IF NOT EXISTS pg_trgm} runs in a block that ignores a refusal (the
     * trigram index is then skipped), so no superuser is needed. The connection's auto-commit
     * setting is restored afterwards.
     */
    public static void load(Connection c, String series) throws SQLException {
        load(c, Series.of(series));
    }

    public static void load(Connection c, Series series) throws SQLException {
        String text = sql(series);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.setEscapeProcessing(false);
            s.execute(text);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
