package dev.odoorelease.engine.internal.staging.neutralize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a data-changing statement does, read from its text: the operation, the table, and for an
 * {@code UPDATE} its assignments (so one whose column is missing can run without it), for an
 * {@code INSERT} its column list. Meant for the simple statements of neutralization rules and the
 * first words of project SQL; anything else is {@link Operation#OTHER}.
 */
final class SqlShape {
    enum Operation { UPDATE, INSERT, DELETE, TRUNCATE, OTHER }

    /** One {@code column = expression} of an UPDATE's SET list. */
    record Assignment(String column, String text) {
    }

    private static final String IDENT = "(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final Pattern UPDATE = Pattern.compile("(?is)^UPDATE\\s+(?:ONLY\\s+)?(?:" + IDENT + "\\s*\\.\\s*)?" + IDENT + "\\b");
    private static final Pattern DELETE = Pattern.compile("(?is)^DELETE\\s+FROM\\s+(?:ONLY\\s+)?(?:" + IDENT + "\\s*\\.\\s*)?" + IDENT + "\\b");
    private static final Pattern INSERT = Pattern.compile("(?is)^INSERT\\s+INTO\\s+(?:" + IDENT + "\\s*\\.\\s*)?" + IDENT + "\\s*(\\()?");
    private static final Pattern TRUNCATE = Pattern.compile("(?is)^TRUNCATE\\s+(?:TABLE\\s+)?(?:ONLY\\s+)?(.*?)\\s*(?:\\b(?:CASCADE|RESTRICT|RESTART|CONTINUE)\\b.*)?$");
    private static final Pattern LEADING_WITH = Pattern.compile("(?is)^WITH\\b");

    final Operation operation;
    /** The target table (unquoted, lower case unless it was quoted), or null. */
    final String table;
    /** TRUNCATE: every table named. */
    final List<String> tables;
    /** UPDATE: the SET assignments in order; empty when they could not be read. */
    final List<Assignment> assignments;
    /** INSERT: the column list, empty when none was given. */
    final List<String> insertColumns;
    private final String head;
    private final String tail;

    private SqlShape(Operation operation, String table, List<String> tables, List<Assignment> assignments,
                     List<String> insertColumns, String head, String tail) {
        this.operation = operation;
        this.table = table;
        this.tables = List.copyOf(tables);
        this.assignments = List.copyOf(assignments);
        this.insertColumns = List.copyOf(insertColumns);
        this.head = head;
        this.tail = tail;
    }

    static SqlShape of(String sql) {
        String s = sql.strip();
        if (LEADING_WITH.matcher(s).lookingAt()) {
            return other();
        }
        Matcher m = UPDATE.matcher(s);
        if (m.lookingAt()) {
            String table = unquote(m.group(2));
            int set = findTopLevelKeyword(s, "SET", m.end());
            if (set < 0) {
                return new SqlShape(Operation.UPDATE, table, List.of(table), List.of(), List.of(), null, null);
            }
            int listStart = set + 3;
            int end = s.length();
            for (String kw : new String[] {"FROM", "WHERE", "RETURNING"}) {
                int k = findTopLevelKeyword(s, kw, listStart);
                if (k >= 0 && k < end) {
                    end = k;
                }
            }
            List<Assignment> assignments = new ArrayList<>();
            for (String part : splitTopLevel(s.substring(listStart, end), ',')) {
                int eq = topLevelIndexOf(part, '=');
                if (eq < 0) {
                    return new SqlShape(Operation.UPDATE, table, List.of(table), List.of(), List.of(), null, null);
                }
                String col = part.substring(0, eq).strip();
                if (col.startsWith("(")) { // (a, b) = (...): not split
                    return new SqlShape(Operation.UPDATE, table, List.of(table), List.of(), List.of(), null, null);
                }
                assignments.add(new Assignment(unquote(col), part.strip()));
            }
            return new SqlShape(Operation.UPDATE, table, List.of(table), assignments, List.of(), s.substring(0, set),
                    s.substring(end));
        }
        m = DELETE.matcher(s);
        if (m.lookingAt()) {
            String table = unquote(m.group(2));
            return new SqlShape(Operation.DELETE, table, List.of(table), List.of(), List.of(), null, null);
        }
        m = INSERT.matcher(s);
        if (m.lookingAt()) {
            String table = unquote(m.group(2));
            List<String> cols = new ArrayList<>();
            if (m.group(3) != null) {
                int close = matchingParen(s, m.end() - 1);
                if (close > 0) {
                    for (String c : splitTopLevel(s.substring(m.end(), close), ',')) {
                        if (!c.isBlank()) {
                            cols.add(unquote(c.strip()));
                        }
                    }
                }
            }
            return new SqlShape(Operation.INSERT, table, List.of(table), List.of(), cols, null, null);
        }
        m = TRUNCATE.matcher(s);
        if (m.matches()) {
            List<String> tables = new ArrayList<>();
            for (String t : splitTopLevel(m.group(1), ',')) {
                String name = t.strip();
                int dot = name.lastIndexOf('.');
                if (dot >= 0 && !name.endsWith("\"")) {
                    name = name.substring(dot + 1);
                }
                if (!name.isEmpty()) {
                    tables.add(unquote(name));
                }
            }
            return new SqlShape(Operation.TRUNCATE, tables.isEmpty() ? null : tables.get(0), tables, List.of(), List.of(), null, null);
        }
        return other();
    }

    private static SqlShape other() {
        return new SqlShape(Operation.OTHER, null, List.of(), List.of(), List.of(), null, null);
    }

    /** The UPDATE with only the given assignments (which must be some of {@link #assignments}). */
    String updateWith(List<Assignment> keep) {
        if (operation != Operation.UPDATE || head == null) {
            throw new IllegalStateException("not a splittable UPDATE");
        }
        StringBuilder b = new StringBuilder(head).append("SET ");
        for (int i = 0; i < keep.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(keep.get(i).text());
        }
        return b.append(tail.isEmpty() ? "" : " ").append(tail).toString();
    }

    static String unquote(String ident) {
        String s = ident.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replace("\"\"", "\"");
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** Index of a keyword outside quotes and parentheses, as a whole word, from {@code from}; -1 if absent. */
    static int findTopLevelKeyword(String s, String keyword, int from) {
        int depth = 0;
        int n = s.length();
        int i = from;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = skip(s, i, c);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && s.regionMatches(true, i, keyword, 0, keyword.length())
                    && (i == 0 || !SqlScript.isIdentifierChar(s.charAt(i - 1)))
                    && (i + keyword.length() >= n || !SqlScript.isIdentifierChar(s.charAt(i + keyword.length())))) {
                return i;
            }
            i++;
        }
        return -1;
    }

    /** Index of the first {@code target} outside quotes and parentheses, or -1. */
    private static int topLevelIndexOf(String s, char target) {
        List<String> parts = splitTopLevel(s, target);
        return parts.size() > 1 ? parts.get(0).length() : -1;
    }

    static List<String> splitTopLevel(String s, char sep) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = skip(s, i, c) - 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == sep && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    private static int matchingParen(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = skip(s, i, c) - 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Index just after the quoted text starting at {@code start} (E'' strings: backslash escapes). */
    private static int skip(String s, int start, char quote) {
        boolean escapes = quote == '\'' && start > 0 && (s.charAt(start - 1) == 'E' || s.charAt(start - 1) == 'e')
                && (start < 2 || !SqlScript.isIdentifierChar(s.charAt(start - 2)));
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (escapes && c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return s.length();
    }
}
