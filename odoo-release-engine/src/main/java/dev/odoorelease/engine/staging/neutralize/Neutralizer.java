package dev.odoorelease.engine.staging.neutralize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.Redactor;
import dev.odoorelease.engine.db.OdooDatabase;
import dev.odoorelease.engine.db.ReferencingIndexes;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.staging.neutralize.NeutralizationReport.Action;
import dev.odoorelease.engine.staging.neutralize.NeutralizationReport.MailServer;
import dev.odoorelease.engine.staging.neutralize.NeutralizationReport.ParameterChange;
import dev.odoorelease.engine.staging.neutralize.NeutralizationReport.TableChange;
import dev.odoorelease.engine.state.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Neutralizes a copy of an Odoo database so that no mail, payment, scheduled action, webhook or
 * integration of it can reach a real customer or a production system, in one transaction:
 *
 * <ol>
 * <li>for each installed module (state installed, to upgrade or to remove), the same effects as
 * Odoo's own {@code data/neutralize.sql} of the database's series (16.0, 17.0, 18.0), statement by
 * statement, on the tables and columns that exist (a missing one is skipped with a warning: a module
 * such as OCA's mail_environment makes some columns non-stored);</li>
 * <li>the gaps Odoo's neutralization leaves open: SMTP/IMAP logins, passwords, certificates and
 * OAuth tokens, API keys, TOTP secrets and devices, passkeys, OAuth access tokens, LDAP, the
 * outgoing mail queue, OCA queue jobs, client secrets and the Enterprise code in the configuration;</li>
 * <li>the copy's own identity: {@code web.base.url} and {@code report.url} set to the target URL
 * (frozen), new {@code database.uuid} and {@code database.secret}, {@code database.is_neutralized};</li>
 * <li>optionally one mail server pointing at a mail catcher, the only active one;</li>
 * <li>a verification of the result, then the project's own SQL files, then the verification again.</li>
 * </ol>
 *
 * <p>All or nothing: any failure rolls everything back and throws an {@link OdooReleaseException}
 * ({@link ErrorCode#SQL} naming the failing file and statement, {@link ErrorCode#VERIFICATION} when
 * the result is not neutral). Secrets never appear in the report, the progress lines or messages.
 *
 * <pre>{@code
 * NeutralizationReport r = new Neutralizer(connectionToTheCopy)
 *         .targetUrl("https://staging.example.com")
 *         .mailCatcher("127.0.0.1", 1025)
 *         .customSql(List.of(Path.of("neutralize/project.sql")))
 *         .progress(listener)
 *         .run();
 * }</pre>
 *
 * <p>The connection must be to the copy, never to production, and carry no transaction of the
 * caller's: the neutralizer commits or rolls back itself and restores the auto-commit setting.
 */
public final class Neutralizer {
    /** Name, host and port of the dummy server Odoo's own neutralization inserts. */
    static final String DUMMY_SERVER_NAME = "neutralization - disable emails";
    static final String DUMMY_SERVER_HOST = "invalid";
    static final int DUMMY_SERVER_PORT = 1025;
    static final String CATCHER_SERVER_NAME = "neutralization - mail catcher";

    /** Configuration parameters whose values are secrets (shown only as what happened to them). */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(secret|passw|pwd|token|key|private|credential|account_info|enterprise_code|signature).*");
    /** Columns that hold credentials: their values are collected beforehand so no message can show them. */
    private static final Pattern SECRET_COLUMN = Pattern.compile(
            "(?i).*(secret|pass|pwd|token|key|private|credential|account_info|signature).*");
    private static final Set<String> ACTIVE_JOB_STATES = Set.of("wait_dependencies", "pending", "enqueued", "started");
    /** Installed modules known to ship a neutralize.sql that is not public (Odoo Enterprise). */
    private static final Map<String, String> ENTERPRISE_NEUTRALIZED = Map.of(
            "account_online_synchronization", "bank synchronization");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Connection connection;
    private String targetUrl;
    private String catcherHost;
    private int catcherPort;
    private List<Path> customSql = List.of();
    private ProgressListener progress = ProgressListener.NONE;

    /** @param connection a JDBC connection to the copy (never production); the neutralizer manages its transaction */
    public Neutralizer(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /** The copy's URL ({@code https://staging.example.com}): web.base.url and report.url, frozen. Required. */
    public Neutralizer targetUrl(String url) {
        this.targetUrl = url;
        return this;
    }

    /** One outgoing mail server pointing at this SMTP catcher (no TLS, no login), the only active one. */
    public Neutralizer mailCatcher(String host, int port) {
        this.catcherHost = host;
        this.catcherPort = port;
        return this;
    }

    /** The project's own neutralization SQL files, applied in order in the same transaction, after the rules. */
    public Neutralizer customSql(List<Path> files) {
        this.customSql = files == null ? List.of() : List.copyOf(files);
        return this;
    }

    public Neutralizer progress(ProgressListener listener) {
        this.progress = listener == null ? ProgressListener.NONE : listener;
        return this;
    }

    /** Neutralizes the database in one transaction and says what changed. */
    public NeutralizationReport run() {
        String url = checkedTargetUrl();
        if (catcherHost != null && (catcherHost.isBlank() || catcherHost.chars().anyMatch(Character::isWhitespace)
                || catcherPort < 1 || catcherPort > 65535)) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to neutralize the database: the mail catcher "
                    + catcherHost + ":" + catcherPort + " is not a host and port. Give e.g. mailCatcher(\"127.0.0.1\", 1025).");
        }
        List<ProjectFile> files = readCustomSql();
        long t0 = System.nanoTime();
        boolean autoCommit;
        String database;
        try {
            autoCommit = connection.getAutoCommit();
            database = queryString("SELECT current_database()");
        } catch (SQLException e) {
            throw new OdooReleaseException(ErrorCode.DB_CONNECTION, "Unable to neutralize the database: the connection does not answer ("
                    + Redactor.patternsOnly().redact(firstLine(e.getMessage())) + "). Check the database server.", e);
        }
        Run run = new Run(database, url, files);
        try {
            connection.setAutoCommit(false);
            NeutralizationReport report = run.go(t0);
            connection.commit();
            progress.info("Neutralized database " + database + " (Odoo " + report.series() + ") in " + report.elapsedMs() + " ms: "
                    + report.modulesNeutralized().size() + " modules, " + report.cronsDisabled().size()
                    + " scheduled actions and " + report.mailServersDisabled().size() + " mail servers disabled, "
                    + report.warnings().size() + " warnings");
            return report;
        } catch (SQLException e) {
            rollback(e);
            throw run.failure("the transaction failed", e);
        } catch (RuntimeException e) {
            rollback(e);
            throw e;
        } finally {
            try {
                connection.setAutoCommit(autoCommit);
            } catch (SQLException ignored) {
                // the connection is gone: nothing to restore
            }
        }
    }

    private void rollback(Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private String checkedTargetUrl() {
        if (targetUrl == null || targetUrl.isBlank()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to neutralize the database: no target URL. "
                    + "Give the copy's own URL, e.g. targetUrl(\"https://staging.example.com\"), so links and reports never point at production.");
        }
        String url = targetUrl.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null
                    || u.getUserInfo() != null || u.getQuery() != null || u.getFragment() != null) {
                throw new URISyntaxException(url, "not an http(s)://host[:port][/path] URL");
            }
        } catch (URISyntaxException e) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to neutralize the database: target URL "
                    + Redactor.patternsOnly().redact(url) + " is not an http(s)://host[:port][/path] URL. Give the copy's own URL.");
        }
        return url;
    }

    private record ProjectFile(Path path, String name, SqlScript script) {
    }

    private List<ProjectFile> readCustomSql() {
        List<ProjectFile> out = new ArrayList<>();
        for (Path p : customSql) {
            try {
                String text = Files.readString(p, StandardCharsets.UTF_8);
                out.add(new ProjectFile(p, p.getFileName().toString(), SqlScript.parse(text)));
            } catch (IOException e) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to neutralize the database: project SQL file "
                        + p + " cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "). Check the path given to customSql; nothing was changed.", e);
            }
        }
        return out;
    }

    private String queryString(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key).matches();
    }

    static String quote(String ident) {
        return "\"" + ident.replace("\"", "\"\"") + "\"";
    }

    /** A version-1 (time-based) UUID like Python's uuid.uuid1() that Odoo uses, with a random node. */
    static String uuid1() {
        long t = System.currentTimeMillis() * 10_000L + 0x01B21DD213814000L + (System.nanoTime() / 100) % 10_000;
        long msb = ((t & 0xFFFFFFFFL) << 32) | (((t >>> 32) & 0xFFFFL) << 16) | 0x1000L | ((t >>> 48) & 0x0FFFL);
        long clockSeq = RANDOM.nextInt(0x4000);
        long node = (RANDOM.nextLong() & 0xFFFFFFFFFFFFL) | 0x010000000000L; // multicast bit: not a real MAC
        long lsb = ((0x8000L | clockSeq) << 48) | node;
        return new UUID(msb, lsb).toString();
    }

    // ------------------------------------------------------------------------------------------

    /** One run: the state gathered while applying, turned into the report at the end. */
    private final class Run {
        final String database;
        final String url;
        final List<ProjectFile> files;
        private Redactor redactor = Redactor.patternsOnly();
        private int redactorSecrets;
        final Set<String> secrets = new LinkedHashSet<>();
        String series = "?";
        Set<String> installed = Set.of();
        Catalog catalog;
        final Map<String, List<Action>> tableActions = new LinkedHashMap<>();
        final Map<String, Long> rowsDeleted = new LinkedHashMap<>();
        final List<String> modulesNeutralized = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<String> customApplied = new ArrayList<>();
        Statement st;

        Run(String database, String url, List<ProjectFile> files) {
            this.database = database;
            this.url = url;
            this.files = files;
        }

        NeutralizationReport go(long t0) throws SQLException {
            st = connection.createStatement();
            st.setEscapeProcessing(false);
            try {
                return apply(t0);
            } finally {
                st.close();
            }
        }

        private NeutralizationReport apply(long t0) throws SQLException {
            st.execute("SET LOCAL lock_timeout = '60s'");
            catalog = Catalog.read(connection);
            if (!catalog.hasTable("ir_module_module") || !catalog.hasTable("ir_config_parameter")) {
                throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to neutralize database " + database
                        + ": it has no ir_module_module or ir_config_parameter table, so it is not an Odoo database. "
                        + "Check that the clone copied the right database.");
            }
            Map<String, String> modules = OdooDatabase.installedModules(connection);
            String s = OdooDatabase.series(modules);
            if (s == null || !Rules.SERIES.contains(s)) {
                throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to neutralize database " + database
                        + ": its Odoo series is " + (s == null ? "unknown (module base is not installed)" : s)
                        + ", and odoo-release has neutralization rules for " + new TreeSet<>(Rules.SERIES)
                        + " only. Neutralize it with that Odoo's own `odoo-bin neutralize` instead.");
            }
            series = s;
            installed = modules.keySet();
            progress.info("Neutralizing database " + database + " (Odoo " + series + ", " + installed.size() + " installed modules)");

            Map<String, String> paramsBefore = parameters();
            for (Map.Entry<String, String> e : paramsBefore.entrySet()) {
                if (isSecretKey(e.getKey())) {
                    addSecret(e.getValue());
                }
            }
            Map<Long, String> cronsBefore = activeCrons();
            Map<Long, MailServer> mailBefore = activeServers("ir_mail_server", "smtp_host", "smtp_port");
            Map<Long, MailServer> fetchBefore = activeServers("fetchmail_server", "server", "port");

            // 1. Odoo's own neutralization of every installed module, base first
            List<Rules.Rule> moduleRules = new ArrayList<>(Rules.odooModules(series));
            moduleRules.sort((a, b) -> Boolean.compare(!a.module().equals("base"), !b.module().equals("base")));
            for (Rules.Rule rule : moduleRules) {
                if (installed.contains(rule.module())) {
                    applyRule(rule);
                    modulesNeutralized.add(rule.module());
                }
            }
            progress.info("  Odoo's neutralization of " + modulesNeutralized.size() + " modules applied: "
                    + String.join(", ", modulesNeutralized));
            ENTERPRISE_NEUTRALIZED.forEach((module, what) -> {
                if (installed.contains(module)) {
                    warn("module " + module + " is installed: Odoo Enterprise neutralizes its " + what
                            + " with its own neutralize.sql, which odoo-release does not have. Add project SQL for it.");
                }
            });

            // 2. the gaps
            for (Rules.Rule rule : Rules.gaps()) {
                applyRule(rule);
            }

            // 3. the copy's own identity and URL
            String secret = UUID.randomUUID().toString();
            addSecret(secret);
            Map<String, String> identity = new LinkedHashMap<>();
            identity.put("web.base.url", url);
            identity.put("report.url", url);
            identity.put("web.base.url.freeze", "True");
            identity.put("database.uuid", uuid1());
            identity.put("database.secret", secret);
            identity.put("database.is_neutralized", "true");
            setParameters(identity, "the copy's own URL (frozen: not re-guessed at an administrator's login), a new database "
                    + "identity and secret (production's signed links and tokens are invalid here), the neutralized flag");
            for (Map.Entry<String, String> p : parameters().entrySet()) {
                String key = p.getKey();
                String value = p.getValue() == null ? "" : p.getValue().strip();
                // a setting such as auth_signup.reset_password = True is not a credential
                if (isSecretKey(key) && !key.equals("database.secret") && !value.matches("(?i)|true|false|[0-9.]+")) {
                    warn("configuration parameter " + key + " looks like a credential and is kept: if it reaches an external "
                            + "system, neutralize it with project SQL");
                }
            }

            // 4. the mail catcher
            MailServer catcher = null;
            if (catcherHost != null) {
                catcher = new MailServer(CATCHER_SERVER_NAME, catcherHost, catcherPort);
                pointActiveServerAtCatcher();
            }

            // 5. verification; with project SQL, it runs after it, and the project may finish what a customised
            //    schema kept the rules from doing (e.g. insert its own dummy mail server), or re-enable a
            //    scheduled action on purpose (a warning)
            List<String> soft = new ArrayList<>();
            List<String> hard = verify(soft);
            if (files.isEmpty()) {
                hard.addAll(soft);
                if (!hard.isEmpty()) {
                    throw new OdooReleaseException(ErrorCode.VERIFICATION, redactor().redact("Unable to neutralize database "
                            + database + " (Odoo " + series + "): after the neutralization rules, " + String.join("; ", hard)
                            + ". Nothing was changed (rolled back). The schema differs from what the rules expect"
                            + (warnings.isEmpty() ? "" : " (warnings: " + String.join("; ", warnings) + ")")
                            + ": add project SQL that neutralizes it (customSql), or report it."));
                }
            } else {
                boolean rulesLeftCronsActive = !soft.isEmpty();
                for (ProjectFile f : files) {
                    applyProjectFile(f);
                }
                catalog = Catalog.read(connection);
                soft.clear();
                hard = verify(soft);
                if (rulesLeftCronsActive) {
                    hard.addAll(soft);
                    soft.clear();
                }
                if (!hard.isEmpty()) {
                    throw new OdooReleaseException(ErrorCode.VERIFICATION, redactor().redact("Unable to neutralize database "
                            + database + " (Odoo " + series + "): after the neutralization rules and the project SQL ("
                            + String.join(", ", customApplied) + "), " + String.join("; ", hard)
                            + ". Nothing was changed (rolled back). Fix the project SQL"
                            + (warnings.isEmpty() ? "" : " (warnings: " + String.join("; ", warnings) + ")") + "."));
                }
                for (String w : soft) {
                    warn("after the project SQL: " + w);
                }
            }

            // 6. the report
            Map<String, String> paramsAfter = parameters();
            Map<Long, String> cronsAfter = activeCrons();
            Map<Long, MailServer> mailAfter = activeServers("ir_mail_server", "smtp_host", "smtp_port");
            Map<Long, MailServer> fetchAfter = activeServers("fetchmail_server", "server", "port");
            List<String> cronsDisabled = new ArrayList<>();
            cronsBefore.forEach((id, name) -> {
                if (!cronsAfter.containsKey(id)) {
                    cronsDisabled.add(redactor().redact(name));
                }
            });
            List<TableChange> tables = new ArrayList<>();
            for (Map.Entry<String, List<Action>> e : tableActions.entrySet()) {
                tables.add(new TableChange(e.getKey(), rowsChanged(e.getKey(), e.getValue()), e.getValue()));
            }
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            return new NeutralizationReport(series, modulesNeutralized, tables, parameterChanges(paramsBefore, paramsAfter),
                    cronsDisabled, disabled(mailBefore, mailAfter), disabled(fetchBefore, fetchAfter), catcher, rowsDeleted,
                    customApplied, warnings, elapsed);
        }

        /** Table → temporary table of its rows' ids and content hashes before this neutralization first changed it. */
        private final Map<String, String> rowsBefore = new LinkedHashMap<>();

        /**
         * Remembers a table's rows (id and a hash of the whole row, in a temporary table dropped at the end of the
         * transaction) before the first statement that may change it, so {@link #rowsChanged} can count the rows
         * whose content really changed. Only tables with an {@code id} column (every Odoo model's).
         */
        private void rememberRows(String table) throws SQLException {
            if (rowsBefore.containsKey(table) || !catalog.hasTable(table) || !catalog.hasColumn(table, "id")) {
                return;
            }
            String temp = "ors_neutral_before_" + rowsBefore.size();
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TEMP TABLE " + temp + " ON COMMIT DROP AS SELECT t.id, md5(t::text) AS h FROM " + quote(table) + " t");
            }
            rowsBefore.put(table, temp);
        }

        /**
         * The rows of a table this neutralization changed, each counted once however many statements matched it and
         * not counting rows a statement matched but left as they were: rows whose content differs from before,
         * rows added and rows removed. (Summing the statements' matched rows counted a row twice when two rules
         * changed it, and counted rows an UPDATE set to the values they already had.) Tables without an {@code id}
         * column: the row versions this transaction wrote plus the rows deleted.
         */
        private long rowsChanged(String table, List<Action> actions) throws SQLException {
            String before = rowsBefore.get(table);
            if (before != null) {
                String t = quote(table);
                return count("SELECT (SELECT count(*) FROM " + t + " x LEFT JOIN " + before + " b ON b.id = x.id"
                        + " WHERE b.id IS NULL OR b.h <> md5(x::text))"
                        + " + (SELECT count(*) FROM " + before + " b WHERE NOT EXISTS (SELECT 1 FROM " + t + " x WHERE x.id = b.id))");
            }
            long removed = actions.stream().filter(a -> a.operation().equals("DELETE") || a.operation().equals("TRUNCATE"))
                    .mapToLong(Action::rows).sum();
            if (!catalog.hasTable(table)) {
                return removed;
            }
            return count("SELECT count(*) FROM " + quote(table) + " WHERE xmin::text::bigint = txid_current() % 4294967296") + removed;
        }

        // ----- rules ------------------------------------------------------------------------

        private void applyRule(Rules.Rule rule) throws SQLException {
            for (SqlScript.Statement s : rule.script().statements()) {
                String module = s.module() != null ? s.module() : rule.module() != null ? rule.module() : "base";
                boolean expected = installed.contains(module);
                SqlShape shape = SqlShape.of(s.sql());
                String what = s.description().isEmpty() ? shape.operation + " " + shape.table : s.description();
                List<String> missing = new ArrayList<>();
                Set<String> tables = new LinkedHashSet<>(shape.tables);
                tables.addAll(s.requires().keySet());
                for (String t : tables) {
                    if (!catalog.hasTable(t)) {
                        missing.add("table " + t);
                    }
                }
                s.requires().forEach((t, cols) -> cols.forEach(col -> {
                    if (catalog.hasTable(t) && !catalog.hasColumn(t, col)) {
                        missing.add("column " + t + "." + col);
                    }
                }));
                for (String col : shape.insertColumns) {
                    if (catalog.hasTable(shape.table) && !catalog.hasColumn(shape.table, col)) {
                        missing.add("column " + shape.table + "." + col);
                    }
                }
                if (shape.operation == SqlShape.Operation.OTHER || shape.table == null) {
                    throw new IllegalStateException("neutralization rule " + rule.source() + " line " + s.line()
                            + " is not an UPDATE, INSERT, DELETE or TRUNCATE");
                }
                if (!missing.isEmpty()) {
                    if (expected) {
                        warn(rule.source() + ": \"" + what + "\" skipped: " + String.join(", ", missing)
                                + " absent although module " + module + " is installed (a customised schema?)");
                    }
                    continue;
                }
                String sql = s.sql();
                List<String> columns = new ArrayList<>();
                if (shape.operation == SqlShape.Operation.UPDATE) {
                    if (shape.assignments.isEmpty()) {
                        throw new IllegalStateException("neutralization rule " + rule.source() + " line " + s.line()
                                + ": its SET list cannot be read");
                    }
                    List<SqlShape.Assignment> keep = new ArrayList<>();
                    List<String> dropped = new ArrayList<>();
                    for (SqlShape.Assignment a : shape.assignments) {
                        if (catalog.hasColumn(shape.table, a.column())) {
                            keep.add(a);
                            columns.add(a.column());
                        } else {
                            dropped.add(a.column());
                        }
                    }
                    if (!dropped.isEmpty() && expected) {
                        warn(rule.source() + ": \"" + what + "\": column" + (dropped.size() > 1 ? "s " : " ")
                                + shape.table + "." + String.join(", " + shape.table + ".", dropped) + " absent although module "
                                + module + " is installed (not stored? e.g. OCA mail_environment)"
                                + (keep.isEmpty() ? "; statement skipped" : "; the other columns were set"));
                    }
                    if (keep.isEmpty()) {
                        continue;
                    }
                    if (!dropped.isEmpty()) {
                        sql = shape.updateWith(keep);
                    }
                    for (String col : columns) {
                        if (SECRET_COLUMN.matcher(col).matches() && catalog.isText(shape.table, col)) {
                            collectSecrets(shape.table, col);
                        }
                    }
                } else if (shape.operation == SqlShape.Operation.INSERT) {
                    columns.addAll(shape.insertColumns);
                }
                long rows = execute(sql, shape, () -> "rule " + rule.source() + " (line " + s.line() + ")");
                record(shape, rule.source(), s.description(), columns, rows);
            }
        }

        private void applyProjectFile(ProjectFile f) throws SQLException {
            progress.info("  project SQL " + f.name() + ": " + f.script().statements().size() + " statements");
            int i = 0;
            for (SqlScript.Statement s : f.script().statements()) {
                i++;
                int number = i;
                SqlShape shape = SqlShape.of(s.sql());
                List<String> columns = new ArrayList<>();
                shape.assignments.forEach(a -> columns.add(a.column()));
                columns.addAll(shape.insertColumns);
                long rows = execute(s.sql(), shape, () -> "project SQL file " + f.path() + ", statement " + number
                        + " (line " + s.line() + ")");
                record(shape, f.name(), s.description(), columns, rows);
            }
            customApplied.add(f.name());
        }

        private long execute(String sql, SqlShape shape, java.util.function.Supplier<String> where) throws SQLException {
            try {
                if (shape.table != null) {
                    rememberRows(shape.table);
                }
                for (String t : shape.tables) {
                    rememberRows(t);
                }
                long before = 0;
                if (shape.operation == SqlShape.Operation.TRUNCATE) {
                    for (String t : shape.tables) {
                        if (catalog.hasTable(t)) {
                            before += count("SELECT count(*) FROM " + quote(t));
                        }
                    }
                }
                // ON DELETE actions run per deleted row: unindexed foreign keys to the table (Odoo's
                // mail_notification.mail_mail_id) would be scanned once per row
                ReferencingIndexes indexes = shape.operation == SqlShape.Operation.DELETE && shape.table != null
                        && catalog.hasTable(shape.table) ? ReferencingIndexes.create(connection, shape.table) : null;
                boolean result = st.execute(sql);
                if (indexes != null) {
                    indexes.drop(connection);
                }
                if (shape.operation == SqlShape.Operation.TRUNCATE) {
                    return before;
                }
                long n = result ? 0 : st.getLargeUpdateCount();
                return Math.max(n, 0);
            } catch (SQLException e) {
                throw failure(where.get() + " failed: " + firstLine(e.getMessage()) + " (SQLSTATE " + e.getSQLState()
                        + "). Statement: " + abbreviate(sql), e);
            }
        }

        private void record(SqlShape shape, String source, String description, List<String> columns, long rows) {
            String table = shape.table != null ? shape.table : "(other statements)";
            Action a = new Action(source, redactor().redact(description), shape.operation.name(), columns, rows);
            tableActions.computeIfAbsent(table, k -> new ArrayList<>()).add(a);
            if (shape.operation == SqlShape.Operation.DELETE || shape.operation == SqlShape.Operation.TRUNCATE) {
                rowsDeleted.merge(table, rows, Long::sum);
            }
        }

        // ----- identity, catcher ----------------------------------------------------------------

        private void setParameters(Map<String, String> values, String why) throws SQLException {
            rememberRows("ir_config_parameter");
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO ir_config_parameter (key, value) VALUES (?, ?) "
                    + "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")) {
                for (Map.Entry<String, String> e : values.entrySet()) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, e.getValue());
                    try {
                        ps.executeUpdate();
                    } catch (SQLException ex) {
                        throw failure("setting configuration parameter " + e.getKey() + " failed: " + firstLine(ex.getMessage()), ex);
                    }
                }
            }
            tableActions.computeIfAbsent("ir_config_parameter", k -> new ArrayList<>()).add(new Action("odoo-release",
                    String.join(", ", values.keySet()) + ": " + why, "UPSERT", List.of("key", "value"), values.size()));
        }

        private void pointActiveServerAtCatcher() throws SQLException {
            rememberRows("ir_mail_server");
            List<String> sets = new ArrayList<>(List.of("name = ?", "smtp_host = ?", "smtp_port = ?"));
            List<String> columns = new ArrayList<>(List.of("name", "smtp_host", "smtp_port"));
            Map<String, String> fixed = new LinkedHashMap<>();
            fixed.put("smtp_encryption", "'none'");
            fixed.put("smtp_authentication", "'login'");
            fixed.put("smtp_user", "NULL");
            fixed.put("smtp_pass", "NULL");
            fixed.put("from_filter", "NULL");
            fixed.forEach((col, v) -> {
                if (catalog.hasColumn("ir_mail_server", col)) {
                    sets.add(col + " = " + v);
                    columns.add(col);
                }
            });
            int rows;
            try (PreparedStatement ps = connection.prepareStatement("UPDATE ir_mail_server SET " + String.join(", ", sets)
                    + " WHERE active")) {
                ps.setString(1, CATCHER_SERVER_NAME);
                ps.setString(2, catcherHost);
                ps.setInt(3, catcherPort);
                rows = ps.executeUpdate();
            } catch (SQLException e) {
                throw failure("pointing the mail server at the mail catcher failed: " + firstLine(e.getMessage()), e);
            }
            if (rows != 1) {
                throw new OdooReleaseException(ErrorCode.VERIFICATION, "Unable to neutralize database " + database + " (Odoo "
                        + series + "): " + rows + " active outgoing mail servers after the rules instead of Odoo's one dummy server, "
                        + "so the mail catcher cannot be the only one. Nothing was changed (rolled back).");
            }
            tableActions.computeIfAbsent("ir_mail_server", k -> new ArrayList<>()).add(new Action("odoo-release",
                    "the dummy server becomes the mail catcher " + catcherHost + ":" + catcherPort, "UPDATE", columns, rows));
            progress.info("  mail catcher " + catcherHost + ":" + catcherPort + " is the only active outgoing mail server");
        }

        // ----- verification ---------------------------------------------------------------------

        /** Problems that must fail the run; {@code soft} gets those project SQL may cause on purpose. */
        private List<String> verify(List<String> soft) throws SQLException {
            List<String> hard = new ArrayList<>();
            String flag = parameters().get("database.is_neutralized");
            if (!"true".equalsIgnoreCase(flag)) {
                hard.add("database.is_neutralized is " + (flag == null ? "absent" : "'" + flag + "'"));
            }
            String base = parameters().get("web.base.url");
            if (!url.equals(base)) {
                hard.add("web.base.url is " + base + " instead of " + url);
            }
            Map<Long, String> crons = activeCrons();
            crons.values().removeIf(n -> n.equals("(autovacuum)"));
            if (!crons.isEmpty()) {
                soft.add(crons.size() + " scheduled actions are active besides the autovacuum: " + String.join(", ", crons.values()));
            }
            if (catalog.hasColumn("ir_mail_server", "active")) {
                Map<Long, MailServer> active = activeServers("ir_mail_server", "smtp_host", "smtp_port");
                String host = catcherHost != null ? catcherHost : DUMMY_SERVER_HOST;
                int port = catcherHost != null ? catcherPort : DUMMY_SERVER_PORT;
                boolean ok = active.size() == 1 && active.values().stream().allMatch(m -> host.equals(m.host())
                        && (m.port() == null || m.port() == port));
                if (!ok) {
                    hard.add("the active outgoing mail servers are " + active.values() + " instead of only " + host + ":" + port);
                }
            }
            if (catalog.hasColumn("fetchmail_server", "active")) {
                Map<Long, MailServer> active = activeServers("fetchmail_server", "server", "port");
                if (!active.isEmpty()) {
                    hard.add("incoming mail servers are active: " + active.values());
                }
            }
            if (installed.contains("payment") && catalog.hasColumn("payment_provider", "state")) {
                long n = count("SELECT count(*) FROM payment_provider WHERE state = 'enabled'");
                if (n > 0) {
                    hard.add(n + " payment providers are enabled (not in test mode)");
                }
            }
            if (catalog.hasColumn("queue_job", "state")) {
                long n = count("SELECT count(*) FROM queue_job WHERE state IN ('" + String.join("', '", new TreeSet<>(ACTIVE_JOB_STATES)) + "')");
                if (n > 0) {
                    hard.add(n + " queue jobs are waiting or running");
                }
            }
            return hard;
        }

        // ----- reading state ----------------------------------------------------------------

        Map<String, String> parameters() throws SQLException {
            Map<String, String> m = new TreeMap<>();
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("SELECT key, value FROM ir_config_parameter")) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getString(2));
                }
            }
            return m;
        }

        /** Active scheduled actions: id → name; the autovacuum is named "(autovacuum)". */
        Map<Long, String> activeCrons() throws SQLException {
            Map<Long, String> m = new LinkedHashMap<>();
            if (!catalog.hasColumn("ir_cron", "active")) {
                return m;
            }
            String name = catalog.hasColumn("ir_cron", "cron_name") ? "c.cron_name::text" : "NULL::text";
            String autovacuum = catalog.hasTable("ir_model_data")
                    ? "c.id IN (SELECT res_id FROM ir_model_data WHERE model = 'ir.cron' AND name = 'autovacuum_job' AND module = 'base')"
                    : "false";
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("SELECT c.id, " + name + ", " + autovacuum + " FROM ir_cron c WHERE c.active ORDER BY c.id")) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    m.put(id, rs.getBoolean(3) ? "(autovacuum)" : displayName(rs.getString(2), "ir_cron #" + id));
                }
            }
            return m;
        }

        Map<Long, MailServer> activeServers(String table, String hostColumn, String portColumn) throws SQLException {
            Map<Long, MailServer> m = new LinkedHashMap<>();
            if (!catalog.hasColumn(table, "active")) {
                return m;
            }
            String name = catalog.hasColumn(table, "name") ? "name::text" : "NULL::text";
            String host = catalog.hasColumn(table, hostColumn) ? quote(hostColumn) + "::text" : "NULL::text";
            String port = catalog.hasColumn(table, portColumn) ? quote(portColumn) + "::integer" : "NULL::integer";
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, " + name + ", " + host + ", " + port + " FROM " + table
                         + " WHERE active ORDER BY id")) {
                while (rs.next()) {
                    int p = rs.getInt(4);
                    Integer portValue = rs.wasNull() ? null : p;
                    long id = rs.getLong(1);
                    m.put(id, new MailServer(redactor().redact(displayName(rs.getString(2), table + " #" + id)),
                            redactor().redact(rs.getString(3)), portValue));
                }
            }
            return m;
        }

        private List<MailServer> disabled(Map<Long, MailServer> before, Map<Long, MailServer> after) {
            List<MailServer> out = new ArrayList<>();
            before.forEach((id, server) -> {
                if (!after.containsKey(id)) {
                    out.add(server);
                }
            });
            return out;
        }

        private List<ParameterChange> parameterChanges(Map<String, String> before, Map<String, String> after) {
            List<ParameterChange> out = new ArrayList<>();
            Set<String> keys = new TreeSet<>(before.keySet());
            keys.addAll(after.keySet());
            for (String key : keys) {
                boolean had = before.containsKey(key);
                boolean has = after.containsKey(key);
                String o = before.get(key);
                String n = after.get(key);
                if (had && has && Objects.equals(o, n)) {
                    continue;
                }
                String change = !had ? "added" : !has ? "removed" : "changed";
                if (isSecretKey(key)) {
                    String now = !has ? "(removed)" : !had ? "(set)" : key.equals("database.secret") ? "(regenerated)"
                            : n == null || n.isEmpty() ? "(blanked)" : "(changed)";
                    out.add(new ParameterChange(key, change, true, had ? "(secret)" : null, now));
                } else {
                    out.add(new ParameterChange(key, change, false, redactor().redact(o), redactor().redact(n)));
                }
            }
            return out;
        }

        // ----- helpers ------------------------------------------------------------------------

        private long count(String sql) throws SQLException {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        private void collectSecrets(String table, String column) throws SQLException {
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("SELECT DISTINCT " + quote(column) + "::text FROM " + quote(table) + " WHERE "
                         + quote(column) + " IS NOT NULL LIMIT 5000")) {
                while (rs.next()) {
                    addSecret(rs.getString(1));
                }
            }
        }

        private void addSecret(String value) {
            if (value != null && value.strip().length() >= 6) {
                secrets.add(value);
            }
        }

        /** Masks every secret value seen so far (built once per batch of new secrets). */
        private Redactor redactor() {
            if (redactorSecrets != secrets.size()) {
                redactor = Redactor.of(secrets);
                redactorSecrets = secrets.size();
            }
            return redactor;
        }

        private void warn(String message) {
            String m = redactor().redact(message);
            warnings.add(m);
            progress.warn(m);
        }

        OdooReleaseException failure(String what, SQLException e) {
            ErrorCode code = "53100".equals(e.getSQLState()) ? ErrorCode.IO
                    : e.getSQLState() != null && e.getSQLState().startsWith("08") ? ErrorCode.DB_CONNECTION : ErrorCode.SQL;
            return new OdooReleaseException(code, redactor().redact("Unable to neutralize database " + database + " (Odoo " + series
                    + "): " + what + (what.endsWith(".") ? "" : ".") + " Nothing was changed: the whole neutralization was rolled back."),
                    e);
        }
    }

    private static String abbreviate(String sql) {
        String s = sql.replaceAll("\\s+", " ").strip();
        return s.length() > 400 ? s.substring(0, 397) + "..." : s;
    }

    /** A name stored as text, or as Odoo's translated jsonb ({"en_US": "..."}). */
    static String displayName(String stored, String fallback) {
        if (stored == null || stored.isBlank()) {
            return fallback;
        }
        String s = stored.strip();
        if (s.startsWith("{")) {
            try {
                JsonNode n = Json.MAPPER.readTree(s);
                if (n.isObject() && n.size() > 0) {
                    JsonNode en = n.get("en_US");
                    return (en != null ? en : n.elements().next()).asText();
                }
            } catch (IOException e) {
                return s;
            }
        }
        return s;
    }
}
