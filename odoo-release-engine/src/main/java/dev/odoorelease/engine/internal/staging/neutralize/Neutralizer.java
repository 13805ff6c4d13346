package dev.odoorelease.engine.internal.staging.neutralize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.Redactor;
import dev.odoorelease.engine.internal.db.OdooDatabase;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.internal.db.Transactions;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.internal.state.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import dev.odoorelease.engine.result.NeutralizationReport;

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
 *
 * <p>This class holds and checks the options; {@link NeutralizationRun} does the steps in order, with
 * {@link StatementApplier} (rules and project SQL), {@link CopyIdentity}, {@link MailCatcher},
 * {@link NeutralityCheck} (verify) and {@link OutboundState} (before and after, for the report).
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

    /**
     * Reads and parses project SQL files as a run would, changing nothing: a caller checks them before it creates anything.
     *
     * @throws OdooReleaseException CONFIGURATION naming a file that cannot be read
     */
    public static void checkProjectSql(List<Path> files) {
        ProjectSqlFile.readAll(files == null ? List.of() : files);
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
        List<ProjectSqlFile> files = ProjectSqlFile.readAll(customSql);
        long t0 = System.nanoTime();
        String database;
        try {
            database = OdooDatabase.currentDatabase(connection);
        } catch (SQLException e) {
            throw new OdooReleaseException(ErrorCode.DB_CONNECTION, "Unable to neutralize the database: the connection does not answer ("
                    + Redactor.patternsOnly().redact(Pg.firstLine(e.getMessage())) + "). Check the database server.", e);
        }
        MailCatcher catcher = catcherHost == null ? null : new MailCatcher(catcherHost, catcherPort);
        NeutralizationLog log = new NeutralizationLog(database, progress);
        try {
            NeutralizationReport report = Transactions.inTransaction(connection,
                    () -> new NeutralizationRun(connection, database, url, catcher, files, log, progress).apply(t0));
            progress.info("Neutralized database " + database + " (Odoo " + report.series() + ") in " + report.elapsedMs() + " ms: "
                    + report.modulesNeutralized().size() + " modules, " + report.cronsDisabled().size()
                    + " scheduled actions and " + report.mailServersDisabled().size() + " mail servers disabled, "
                    + report.warnings().size() + " warnings");
            return report;
        } catch (SQLException e) {
            throw log.failure("the transaction failed", e);
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

    static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key).matches();
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
