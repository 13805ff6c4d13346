package dev.odoorelease.engine.config;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a staging environment differs from production on purpose: its URL, where its mail goes, the
 * project's own neutralization SQL and anonymization rules, which crons may stay active, and what a
 * personal-looking column that no rule covers does (fail the clone, or only warn).
 */
public final class StagingPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What the PII coverage gate does with uncovered columns. */
    public enum PiiPolicy {
        FAIL,
        WARN
    }

    private final String targetUrl;
    private final String mailCatcherHost;
    private final int mailCatcherPort;
    private final List<String> neutralizationSql;
    private final String anonymizationRules;
    private final List<String> cronAllowlist;
    private final PiiPolicy piiPolicy;
    private final String reportDir;
    private final List<CarryOver> carryOver;

    private StagingPolicy(Builder b) {
        // as Odoo's web.base.url is written (and the neutralization writes it): no trailing slash. Compared as given, a
        // configured "http://staging:8069/" failed every stage clone's verification against the "http://staging:8069" set
        this.targetUrl = withoutTrailingSlash(Objects.requireNonNull(b.targetUrl, "targetUrl"));
        this.mailCatcherHost = b.mailCatcherHost;
        this.mailCatcherPort = b.mailCatcherPort;
        this.neutralizationSql = List.copyOf(b.neutralizationSql);
        this.anonymizationRules = b.anonymizationRules;
        this.cronAllowlist = List.copyOf(b.cronAllowlist);
        this.piiPolicy = b.piiPolicy;
        this.reportDir = b.reportDir;
        this.carryOver = List.copyOf(b.carryOver);
    }

    public static Builder builder(String targetUrl) {
        return new Builder(targetUrl);
    }

    /** The URL staging answers on: web.base.url and report.url are set to it and frozen. */
    public String targetUrl() {
        return targetUrl;
    }

    private static String withoutTrailingSlash(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    /** A mail catcher (e.g. MailHog) that becomes the only active outgoing mail server, or null. */
    public String mailCatcherHost() {
        return mailCatcherHost;
    }

    public int mailCatcherPort() {
        return mailCatcherPort;
    }

    public List<Path> neutralizationSql() {
        return neutralizationSql.stream().map(Path::of).toList();
    }

    /** The project's anonymization rule file, or null for the built-in rules only. */
    public Path anonymizationRules() {
        return anonymizationRules == null ? null : Path.of(anonymizationRules);
    }

    /** Crons (xmlid "module.name") allowed to stay active; Odoo's neutralize keeps base.autovacuum_job. */
    public List<String> cronAllowlist() {
        return cronAllowlist;
    }

    public PiiPolicy piiPolicy() {
        return piiPolicy;
    }

    /** Where the differences report (JSON + Markdown) is written; null: the target's work folder. */
    public Path reportDir() {
        return reportDir == null ? null : Path.of(reportDir);
    }

    /**
     * The staging-only records a refresh keeps (test users, sandbox credentials, parameters): read from staging before
     * the copy and restored into it after neutralization and anonymization. Empty: a refresh keeps nothing of staging.
     */
    public List<CarryOver> carryOver() {
        return carryOver;
    }

    /** Builder of {@link StagingPolicy}. */
    public static final class Builder {
        private final String targetUrl;
        private String mailCatcherHost;
        private int mailCatcherPort;
        private final List<String> neutralizationSql = new ArrayList<>();
        private String anonymizationRules;
        private final List<String> cronAllowlist = new ArrayList<>(List.of("base.autovacuum_job"));
        private PiiPolicy piiPolicy = PiiPolicy.FAIL;
        private String reportDir;
        private final List<CarryOver> carryOver = new ArrayList<>();

        private Builder(String targetUrl) {
            this.targetUrl = targetUrl;
        }

        public Builder mailCatcher(String host, int port) {
            this.mailCatcherHost = host;
            this.mailCatcherPort = port;
            return this;
        }

        public Builder neutralizationSql(Path file) {
            neutralizationSql.add(file.toString());
            return this;
        }

        public Builder anonymizationRules(Path file) {
            this.anonymizationRules = file == null ? null : file.toString();
            return this;
        }

        /** Adds a cron to the allowlist; one already there (e.g. the default base.autovacuum_job) is not added again. */
        public Builder allowCron(String xmlid) {
            if (!cronAllowlist.contains(xmlid)) {
                cronAllowlist.add(xmlid);
            }
            return this;
        }

        public Builder piiPolicy(PiiPolicy p) {
            this.piiPolicy = p;
            return this;
        }

        public Builder reportDir(Path dir) {
            this.reportDir = dir == null ? null : dir.toString();
            return this;
        }

        /**
         * Adds a staging-only record a refresh keeps.
         *
         * @throws dev.odoorelease.engine.OdooReleaseException CONFIGURATION when it is declared twice
         */
        public Builder carryOver(CarryOver c) {
            Objects.requireNonNull(c, "carryOver");
            if (carryOver.contains(c)) {
                throw new dev.odoorelease.engine.OdooReleaseException(dev.odoorelease.engine.ErrorCode.CONFIGURATION,
                        "Unable to carry over the " + c.describe() + " twice: it is listed twice in staging.carryOver."
                        + c.kind().configKey() + ". List it once.");
            }
            carryOver.add(c);
            return this;
        }

        public StagingPolicy build() {
            return new StagingPolicy(this);
        }
    }
}
