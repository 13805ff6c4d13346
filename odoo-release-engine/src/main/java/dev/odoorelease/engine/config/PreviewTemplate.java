package dev.odoorelease.engine.config;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The project's preview template: which branches and change requests (pull requests) get a short-lived environment of
 * their own, where its data comes from (the latest <em>scrubbed</em> snapshot of a staging environment, or a fresh
 * database with demo data), on which Docker engine and under which name its Odoo runs, its resource limits, how long it
 * lives without use (TTL) and how many may be alive at once. A preview lives on its source environment's database
 * server and connects as that environment's role: PostgreSQL lets only a database's owner copy it, and the source is
 * never production. Immutable and serializable, like the rest of the configuration.
 *
 * <p>The name of a branch's preview ({@link #nameFor}) is the pattern's {@code {branch}} replaced by the branch name
 * sanitized to lower-case letters, digits and '-', plus a short hash of the exact branch name: two branches that
 * sanitize alike ({@code feature/Foo} and {@code feature-foo}) never get one preview. The same name is the preview's
 * environment, database and container name.
 */
public final class PreviewTemplate implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Environment names are at most 40 characters; database and container names take them as they are. */
    static final int MAX_NAME = 40;
    private static final int HASH_HEX = 6;
    private static final Pattern PATTERN_TEXT = Pattern.compile("[a-z0-9-]*\\{branch}[a-z0-9-]*");
    private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]{0,6}[kmg]?");
    private static final Pattern CPUS = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.[0-9]{1,2})?");
    private static final Pattern PORTS = Pattern.compile("([0-9]{1,5})-([0-9]{1,5})");

    /** Where a preview's data comes from. */
    public enum DataSource {
        /** The newest verified template snapshot of the source environment that a verified stage clone scrubbed. */
        SNAPSHOT,
        /** A new database: the branch's image installs the demo modules, with Odoo's demo data. */
        DEMO;

        public static DataSource parse(String s) {
            return switch (s == null ? "" : s.strip().toLowerCase(Locale.ROOT)) {
                case "snapshot", "scrubbed-snapshot" -> SNAPSHOT;
                case "demo" -> DEMO;
                default -> throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to use the preview data source '" + s
                        + "': use snapshot (the source environment's latest scrubbed snapshot) or demo (a new database with demo data).");
            };
        }
    }

    private final List<String> branches;
    private final boolean changeRequests;
    private final String source;
    private final DataSource data;
    private final List<String> demoModules;
    private final String dataDir;
    private final String namePattern;
    private final String url;
    private final int portFrom;
    private final int portTo;
    private final String network;
    private final List<String> args;
    private final Map<String, String> env;
    private final List<String> volumes;
    private final String memory;
    private final String cpus;
    private final Duration ttl;
    private final int maxAlive;
    private final Duration healthTimeout;
    private final DockerEndpoint docker;
    private final String mailCatcher;

    private PreviewTemplate(Builder b) {
        this.branches = List.copyOf(b.branches);
        this.changeRequests = b.changeRequests;
        this.source = require(b.source, "source", "the staging environment whose scrubbed snapshots previews are copied from, e.g. source: staging");
        this.data = b.data;
        this.demoModules = b.demoModules.isEmpty() ? List.of("base") : List.copyOf(b.demoModules);
        this.dataDir = Objects.requireNonNull(require(b.dataDir == null ? null : b.dataDir.toString(), "dataDir",
                "the folder under which each preview gets its data directory, e.g. dataDir: /srv/odoo/previews"));
        this.namePattern = b.namePattern;
        this.url = require(b.url, "url", "the URL a preview answers on, with {port} or {name}, e.g. url: http://previews.example:{port}");
        this.portFrom = b.portFrom;
        this.portTo = b.portTo;
        this.network = b.network;
        this.args = List.copyOf(b.args);
        this.env = Map.copyOf(b.env);
        this.volumes = List.copyOf(b.volumes);
        this.memory = b.memory;
        this.cpus = b.cpus;
        this.ttl = b.ttl;
        this.maxAlive = b.maxAlive;
        this.healthTimeout = b.healthTimeout;
        this.docker = b.docker;
        this.mailCatcher = b.mailCatcher;
        if (branches.isEmpty() && !changeRequests) {
            throw error("it matches no branch and no change request",
                    "Give branches (globs, e.g. branches: [\"feature/*\"]) or changeRequests: true");
        }
        for (String p : branches) {
            BranchPattern.compile(p, "preview");
        }
        if (!PATTERN_TEXT.matcher(namePattern).matches() || namePattern.indexOf("{branch}") != namePattern.lastIndexOf("{branch}")
                || !Character.isLetterOrDigit(namePattern.charAt(0)) && namePattern.charAt(0) != '{') {
            throw error("the name pattern '" + namePattern + "' is not usable",
                    "Write lower-case letters, digits and '-' around one {branch}, starting with a letter or digit, e.g. preview-{branch}");
        }
        if (namePattern.length() - "{branch}".length() + 1 + HASH_HEX + 8 > MAX_NAME) {
            throw error("the name pattern '" + namePattern + "' leaves too little room for the branch",
                    "Keep the text around {branch} under " + (MAX_NAME - HASH_HEX - 9) + " characters");
        }
        boolean usesPort = url.contains("{port}") || args.stream().anyMatch(a -> a.contains("{port}"));
        if (usesPort && portFrom == 0) {
            throw error("the URL or args use {port} but no port range is given", "Give ports: FROM-TO, e.g. ports: 18100-18199");
        }
        if (!url.contains("{port}") && !url.contains("{name}")) {
            throw error("the URL " + url + " is the same for every preview",
                    "Put {name} (a host per preview, behind a proxy) or {port} (a port per preview) into it");
        }
        if (!url.matches("https?://.+")) {
            throw error("the URL " + url + " is not an http(s) URL", "Write e.g. http://previews.example:{port}");
        }
        if (memory != null && !MEMORY.matcher(memory).matches()) {
            throw error("memory '" + memory + "' is not a size", "Write e.g. 1g or 1536m");
        }
        if (cpus != null && (!CPUS.matcher(cpus).matches() || Double.parseDouble(cpus) <= 0)) {
            throw error("cpus '" + cpus + "' is not a number of CPUs", "Write e.g. 1 or 1.5");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw error("the ttl is not a positive duration", "Write e.g. ttl: 3d");
        }
        if (maxAlive < 1 || maxAlive > 500) {
            throw error("maxAlive " + maxAlive + " is out of range", "Give 1 to 500");
        }
        if (healthTimeout == null || healthTimeout.isNegative() || healthTimeout.isZero()) {
            throw error("the health timeout is not a positive duration", "Write e.g. healthTimeout: 2m");
        }
        if (mailCatcher != null && !mailCatcher.matches("[A-Za-z0-9._-]+:[0-9]{1,5}")) {
            throw error("mailCatcher '" + mailCatcher + "' is not host:port", "Write e.g. mailCatcher: 127.0.0.1:1025");
        }
    }

    private static String require(String value, String key, String what) {
        if (value == null || value.isBlank()) {
            throw error("'" + key + "' is missing", "Give " + what);
        }
        return value.strip();
    }

    private static OdooReleaseException error(String what, String todo) {
        return new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to configure previews: " + what + ". " + todo
                + " (see docs/configuration.md#preview).");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Branch globs whose builds get a preview. */
    public List<String> branches() {
        return branches;
    }

    /** Whether change requests (pull requests: builds with {@code CHANGE_ID}) get a preview. */
    public boolean changeRequests() {
        return changeRequests;
    }

    /**
     * Whether a build of {@code branch} gets a preview: a change request (non-blank {@code changeId}) when change requests
     * are on, or a branch matching one of the globs.
     */
    public boolean accepts(String branch, String changeId) {
        if (changeId != null && !changeId.isBlank() && changeRequests) {
            return true;
        }
        return branch != null && branches.stream().anyMatch(p -> BranchPattern.compile(p, "preview").matcher(branch).matches());
    }

    /** The environment whose scrubbed snapshots previews are copied from, and on whose server they live. */
    public String source() {
        return source;
    }

    public DataSource data() {
        return data;
    }

    /** The modules a demo preview installs. */
    public List<String> demoModules() {
        return demoModules;
    }

    /** The folder under which each preview gets its own data directory ({@code <dataDir>/<name>}). */
    public Path dataDir() {
        return Path.of(dataDir);
    }

    public String namePattern() {
        return namePattern;
    }

    /** The URL template ({@code {name}}, {@code {port}}). */
    public String url() {
        return url;
    }

    /** The first port of the range previews take their port from; 0 when no range is given. */
    public int portFrom() {
        return portFrom;
    }

    public int portTo() {
        return portTo;
    }

    public Optional<String> network() {
        return Optional.ofNullable(network);
    }

    /** Extra Odoo options; {@code {port}} and {@code {name}} are replaced per preview. */
    public List<String> args() {
        return args;
    }

    public Map<String, String> env() {
        return env;
    }

    public List<String> volumes() {
        return volumes;
    }

    /** Docker's {@code --memory} of a preview's containers, or empty: no limit. */
    public Optional<String> memory() {
        return Optional.ofNullable(memory);
    }

    /** Docker's {@code --cpus} of a preview's containers, or empty: no limit. */
    public Optional<String> cpus() {
        return Optional.ofNullable(cpus);
    }

    /** How long a preview lives after its last update; past it, the next preview operation removes it. */
    public Duration ttl() {
        return ttl;
    }

    /** How many previews may be alive at once; creating one more removes the one idle longest first. */
    public int maxAlive() {
        return maxAlive;
    }

    public Duration healthTimeout() {
        return healthTimeout;
    }

    public Optional<DockerEndpoint> docker() {
        return Optional.ofNullable(docker);
    }

    /** {@code host:port} of the one SMTP server a preview may send to, or empty. */
    public Optional<String> mailCatcher() {
        return Optional.ofNullable(mailCatcher);
    }

    /**
     * The preview name of a branch (or change request): the pattern's {@code {branch}} replaced by the branch sanitized to
     * {@code [a-z0-9-]}, shortened so the whole fits {@value #MAX_NAME} characters, then {@code -} and the first
     * {@value #HASH_HEX} hex digits of the SHA-256 of the exact branch name. A valid environment, database and container
     * name.
     */
    public String nameFor(String branch) {
        if (branch == null || branch.isBlank()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to name a preview: no branch given. Give the branch "
                    + "(BRANCH_NAME in a multibranch job, --branch on the command line).");
        }
        String slug = branch.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String hash = hash(branch.strip());
        int room = MAX_NAME - (namePattern.length() - "{branch}".length()) - 1 - HASH_HEX;
        if (slug.length() > room) {
            slug = slug.substring(0, room).replaceAll("-+$", "");
        }
        String middle = slug.isEmpty() ? hash : slug + "-" + hash;
        String name = namePattern.replace("{branch}", middle).replaceAll("-{2,}", "-").replaceAll("-+$", "");
        return name;
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, HASH_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "preview template (" + namePattern + " from " + source + " " + data.name().toLowerCase(Locale.ROOT) + ", ttl " + ttl
                + ", at most " + maxAlive + ")";
    }

    /** Builder of {@link PreviewTemplate}. */
    public static final class Builder {
        private final List<String> branches = new ArrayList<>();
        private boolean changeRequests;
        private String source;
        private DataSource data = DataSource.SNAPSHOT;
        private final List<String> demoModules = new ArrayList<>();
        private Path dataDir;
        private String namePattern = "preview-{branch}";
        private String url;
        private int portFrom;
        private int portTo;
        private String network;
        private final List<String> args = new ArrayList<>();
        private Map<String, String> env = Map.of();
        private final List<String> volumes = new ArrayList<>();
        private String memory;
        private String cpus;
        private Duration ttl = Duration.ofDays(3);
        private int maxAlive = 5;
        private Duration healthTimeout = Duration.ofMinutes(2);
        private DockerEndpoint docker;
        private String mailCatcher;

        private Builder() {
        }

        public Builder branch(String glob) {
            if (glob != null && !glob.isBlank()) {
                branches.add(glob.strip());
            }
            return this;
        }

        public Builder changeRequests(boolean on) {
            this.changeRequests = on;
            return this;
        }

        public Builder source(String environment) {
            this.source = environment;
            return this;
        }

        public Builder data(DataSource d) {
            this.data = d == null ? DataSource.SNAPSHOT : d;
            return this;
        }

        public Builder demoModules(List<String> modules) {
            demoModules.clear();
            if (modules != null) {
                modules.stream().filter(m -> m != null && !m.isBlank()).map(String::strip).forEach(m -> {
                    if (!m.matches("[a-z0-9_]+")) {
                        throw error("demo module '" + m + "' is not a module name", "Write technical module names, e.g. [sale, stock]");
                    }
                    demoModules.add(m);
                });
            }
            return this;
        }

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder namePattern(String p) {
            if (p != null && !p.isBlank()) {
                this.namePattern = p.strip();
            }
            return this;
        }

        public Builder url(String u) {
            this.url = u;
            return this;
        }

        /** The port range previews take their port from ({@code 18100-18199}); null or blank: none. */
        public Builder ports(String range) {
            if (range == null || range.isBlank()) {
                portFrom = 0;
                portTo = 0;
                return this;
            }
            var m = PORTS.matcher(range.strip());
            int from = m.matches() ? Integer.parseInt(m.group(1)) : -1;
            int to = m.matches() ? Integer.parseInt(m.group(2)) : -1;
            if (from < 1 || to > 65535 || to < from) {
                throw error("the port range '" + range + "' is not FROM-TO within 1-65535", "Write e.g. ports: 18100-18199");
            }
            this.portFrom = from;
            this.portTo = to;
            return this;
        }

        public Builder network(String n) {
            this.network = n == null || n.isBlank() ? null : n.strip();
            return this;
        }

        public Builder args(List<String> a) {
            args.clear();
            if (a != null) {
                args.addAll(a);
            }
            return this;
        }

        public Builder env(Map<String, String> e) {
            this.env = e == null ? Map.of() : e;
            return this;
        }

        public Builder volumes(List<String> v) {
            volumes.clear();
            if (v != null) {
                volumes.addAll(v);
            }
            return this;
        }

        public Builder memory(String m) {
            this.memory = m == null || m.isBlank() ? null : m.strip().toLowerCase(Locale.ROOT);
            return this;
        }

        public Builder cpus(String c) {
            this.cpus = c == null || c.isBlank() ? null : c.strip();
            return this;
        }

        public Builder ttl(Duration t) {
            this.ttl = t;
            return this;
        }

        public Builder maxAlive(int n) {
            this.maxAlive = n;
            return this;
        }

        public Builder healthTimeout(Duration t) {
            this.healthTimeout = t;
            return this;
        }

        public Builder docker(DockerEndpoint d) {
            this.docker = d;
            return this;
        }

        public Builder mailCatcher(String hostPort) {
            this.mailCatcher = hostPort == null || hostPort.isBlank() ? null : hostPort.strip();
            return this;
        }

        public PreviewTemplate build() {
            return new PreviewTemplate(this);
        }
    }
}
