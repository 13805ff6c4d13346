package dev.odoorelease.engine.internal.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/** Read-only facts about an Odoo database: series, installed modules, attachments, size. */
public final class OdooDatabase {
    private OdooDatabase() {
    }

    /** Installed modules (state installed, to upgrade or to remove) and their {@code latest_version}. */
    /** The name of the database {@code c} is connected to. */
    public static String currentDatabase(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    public static Map<String, String> installedModules(Connection c) throws SQLException {
        Map<String, String> m = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, coalesce(latest_version, '') FROM ir_module_module "
                     + "WHERE state IN ('installed', 'to upgrade', 'to remove')")) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getString(2));
            }
        }
        return m;
    }

    /** The Odoo series ("17.0") from the base module's version ("17.0.1.3"), or null. */
    public static String series(Map<String, String> modules) {
        String base = modules.get("base");
        if (base == null) {
            return null;
        }
        String[] parts = base.split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : base;
    }

    public static long attachmentFiles(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM ir_attachment WHERE store_fname IS NOT NULL AND store_fname <> ''")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static long databaseSize(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_database_size(?)")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public static String serverVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    public static int serverMajor(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version_num")) {
            rs.next();
            return Integer.parseInt(rs.getString(1)) / 10000;
        }
    }

    public static boolean databaseExists(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }}
