package dev.odoorelease.engine.internal.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The warnings and errors in an Odoo log, as Odoo writes its lines ({@code odoo/netsvc.py}: {@code "%(asctime)s %(pid)s
 * %(levelname)s %(dbname)s %(name)s: %(message)s"}): each WARNING line, and each ERROR or CRITICAL line with the last
 * line of the traceback that follows it (the exception itself).
 *
 * @param warnings the WARNING lines, from the logger name on ({@code odoo.modules.loading: invalid module names…})
 * @param errors   the ERROR and CRITICAL lines, likewise, each with its exception when a traceback follows
 */
record OdooLogFindings(List<String> warnings, List<String> errors) {
    private static final Pattern LINE = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3} \\d+ (DEBUG|INFO|WARNING|ERROR|CRITICAL) (\\S+) (.*)$");
    /** At most this many of each are kept (a broken update can log thousands). */
    static final int LIMIT = 50;

    static OdooLogFindings of(String log) {
        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        String[] lines = log == null ? new String[0] : log.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = LINE.matcher(lines[i]);
            if (!m.matches()) {
                continue;
            }
            String level = m.group(1);
            String text = m.group(3).strip();
            if (level.equals("WARNING")) {
                add(warnings, text);
            } else if (level.equals("ERROR") || level.equals("CRITICAL")) {
                // a traceback follows until the next log line: its last line is the exception
                String exception = null;
                int j = i + 1;
                while (j < lines.length && !LINE.matcher(lines[j]).matches()) {
                    if (!lines[j].isBlank() && !lines[j].startsWith(" ")) {
                        exception = lines[j].strip();
                    }
                    j++;
                }
                add(errors, exception == null || text.contains(exception) ? text : text + " — " + exception);
            }
        }
        return new OdooLogFindings(warnings, errors);
    }

    private static void add(List<String> to, String line) {
        if (to.size() < LIMIT) {
            to.add(line);
        }
    }
}
