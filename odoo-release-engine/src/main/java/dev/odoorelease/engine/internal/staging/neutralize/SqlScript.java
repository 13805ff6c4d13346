package dev.odoorelease.engine.internal.staging.neutralize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL file split into statements the way PostgreSQL reads it: {@code ;} ends a statement
 * except inside quotes ({@code '...'}, {@code E'...'} with backslash escapes, {@code "..."}),
 * dollar quotes ({@code $$...$$}, {@code $tag$...$tag$}), comments ({@code --}, nested
 * {@code /* *}{@code /}) and parentheses. A last statement without {@code ;} counts too.
 *
 * <p>The block of {@code --} comment lines right before a statement (no blank line between)
 * belongs to it: lines of the form {@code requires: table(col, ...)} and {@code module: name}
 * are directives, the others describe the statement. {@code series: 16 17} anywhere in the file
 * is a directive for the whole file.
 */
final class SqlScript {
    private static final Pattern DIRECTIVE = Pattern.compile("(?i)^(requires|module|series)\\s*:\\s*(.*)$");
    private static final Pattern REQUIREMENT = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\(([^)]*)\\))?\\s*,?");
    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)?\\$");

    /**
     * One statement of a script.
     *
     * @param sql         the statement's text, without its leading comments and final {@code ;}
     * @param line        1-based line of its first character in the file
     * @param description its comment lines that are not directives, joined by spaces ("" if none)
     * @param module      its {@code module:} directive, or null
     * @param requires    its {@code requires:} directives: table → columns (possibly empty)
     */
    record Statement(String sql, int line, String description, String module, Map<String, Set<String>> requires) {
    }

    private final List<Statement> statements;
    private final Set<String> series;

    private SqlScript(List<Statement> statements, Set<String> series) {
        this.statements = List.copyOf(statements);
        this.series = Set.copyOf(series);
    }

    List<Statement> statements() {
        return statements;
    }

    /** The series named by {@code -- series:} lines ("16", "17"...), empty when the file has none. */
    Set<String> series() {
        return series;
    }

    static SqlScript parse(String text) {
        List<Statement> out = new ArrayList<>();
        Set<String> series = new LinkedHashSet<>();
        List<String> pendingComments = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int line = 1;
        int startLine = -1;
        int depth = 0;
        int n = text.length();
        int i = 0;
        boolean blankLineSinceComment = false;
        while (i < n) {
            char ch = text.charAt(i);
            boolean empty = cur.length() == 0;
            if (ch == '\n') {
                line++;
                if (empty) {
                    // a blank line cuts the comment block off the next statement
                    if (blankLineSinceComment) {
                        pendingComments.clear();
                    }
                    blankLineSinceComment = true;
                } else {
                    cur.append(ch);
                }
                i++;
                continue;
            }
            if (Character.isWhitespace(ch)) {
                if (!empty) {
                    cur.append(ch);
                }
                i++;
                continue;
            }
            if (ch == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                int eol = text.indexOf('\n', i);
                if (eol < 0) {
                    eol = n;
                }
                String comment = text.substring(i + 2, eol).strip();
                if (empty) {
                    Matcher m = DIRECTIVE.matcher(comment);
                    if (m.matches() && m.group(1).equalsIgnoreCase("series")) {
                        for (String s : m.group(2).trim().split("[\\s,]+")) {
                            if (!s.isEmpty()) {
                                series.add(s.replace(".0", ""));
                            }
                        }
                    } else {
                        pendingComments.add(comment);
                    }
                    blankLineSinceComment = false;
                } else {
                    cur.append(text, i, eol);
                }
                i = eol;
                continue;
            }
            if (ch == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int j = skipBlockComment(text, i);
                line += count(text, i, j, '\n');
                if (!empty) {
                    cur.append(text, i, j);
                }
                i = j;
                continue;
            }
            if (empty) {
                startLine = line;
            }
            if (ch == '\'') {
                boolean escapes = i > 0 && (text.charAt(i - 1) == 'E' || text.charAt(i - 1) == 'e')
                        && (i < 2 || !isIdentifierChar(text.charAt(i - 2)));
                int j = skipQuoted(text, i, '\'', escapes);
                line += count(text, i, j, '\n');
                cur.append(text, i, j);
                i = j;
                continue;
            }
            if (ch == '"') {
                int j = skipQuoted(text, i, '"', false);
                line += count(text, i, j, '\n');
                cur.append(text, i, j);
                i = j;
                continue;
            }
            if (ch == '$' && (i == 0 || !isIdentifierChar(text.charAt(i - 1)))) {
                Matcher m = DOLLAR_TAG.matcher(text).region(i, n);
                if (m.lookingAt()) {
                    String tag = m.group();
                    int close = text.indexOf(tag, m.end());
                    int j = close < 0 ? n : close + tag.length();
                    line += count(text, i, j, '\n');
                    cur.append(text, i, j);
                    i = j;
                    continue;
                }
            }
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth = Math.max(0, depth - 1);
            } else if (ch == ';' && depth == 0) {
                add(out, cur, startLine, pendingComments);
                i++;
                continue;
            }
            cur.append(ch);
            i++;
        }
        add(out, cur, startLine, pendingComments);
        return new SqlScript(out, series);
    }

    private static void add(List<Statement> out, StringBuilder cur, int line, List<String> comments) {
        String sql = cur.toString().strip();
        cur.setLength(0);
        if (sql.isEmpty()) {
            return;
        }
        List<String> description = new ArrayList<>();
        String module = null;
        Map<String, Set<String>> requires = new LinkedHashMap<>();
        for (String c : comments) {
            Matcher m = DIRECTIVE.matcher(c);
            if (!m.matches()) {
                if (!c.isEmpty()) {
                    description.add(c);
                }
                continue;
            }
            String kind = m.group(1).toLowerCase(Locale.ROOT);
            String value = m.group(2).trim();
            if (kind.equals("module")) {
                module = value.split("\\s+")[0];
            } else if (kind.equals("requires")) {
                Matcher r = REQUIREMENT.matcher(value);
                int pos = 0;
                while (pos < value.length() && r.find(pos) && r.start() == pos && r.end() > pos) {
                    Set<String> cols = requires.computeIfAbsent(r.group(1).toLowerCase(Locale.ROOT), k -> new LinkedHashSet<>());
                    if (r.group(2) != null) {
                        for (String col : r.group(2).split(",")) {
                            if (!col.isBlank()) {
                                cols.add(col.strip().replace("\"", "").toLowerCase(Locale.ROOT));
                            }
                        }
                    }
                    pos = r.end();
                }
            }
        }
        comments.clear();
        out.add(new Statement(sql, line, String.join(" ", description), module, requires));
    }

    private static int skipQuoted(String text, int start, char quote, boolean backslashEscapes) {
        int n = text.length();
        int i = start + 1;
        while (i < n) {
            char c = text.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < n && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return n;
    }

    private static int skipBlockComment(String text, int start) {
        int n = text.length();
        int depth = 0;
        int i = start;
        while (i < n) {
            if (text.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (text.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    static boolean isIdentifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static int count(String s, int from, int to, char c) {
        int k = 0;
        for (int i = from; i < to && i < s.length(); i++) {
            if (s.charAt(i) == c) {
                k++;
            }
        }
        return k;
    }
}
