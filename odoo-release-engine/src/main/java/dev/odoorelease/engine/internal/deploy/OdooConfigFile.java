package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.internal.docker.ContainerSpec;
import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.internal.docker.RunResult;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.internal.filestore.OdooUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Odoo configuration file that gives an environment's containers their database settings, so the password is
 * never on a command line: the official image's entrypoint turns a {@code PASSWORD} environment variable into
 * {@code --db_password <secret>} on Odoo's command line (visible to every local user in {@code ps}), unless the
 * configuration file ({@code $ODOO_RC}) already sets {@code db_password}.
 *
 * <p>The file is the image's own configuration file ({@code $ODOO_RC}, read from the image) with {@code db_host},
 * {@code db_port}, {@code db_user} and {@code db_password} set in its {@code [options]}; it is written to
 * {@code <dataDir>/.odoo-release/odoo-config/<operation>.conf} (folder 0700), mode 0600 and owned by Odoo's own user
 * (the owner of the data directory's filestore folder, uid 101 in the official image), and mounted read-only at
 * {@value #MOUNT} with {@code ODOO_RC} pointing at it. It lives as long as a container of the environment uses it
 * (a restart policy needs it after a host restart) and is removed with the last such container ({@link #prune}).
 */
public final class OdooConfigFile {
    public static final String MOUNT = "/etc/odoo-release/odoo.conf";
    private static final Set<String> DB_KEYS = Set.of("db_host", "db_port", "db_user", "db_password");
    private static final Pattern KEY = Pattern.compile("\\s*([A-Za-z0-9_]+)\\s*[=:].*");
    /** The official image's odoo.conf, used when the image's own cannot be read. */
    static final String OFFICIAL_DEFAULT = "[options]\naddons_path = /mnt/extra-addons\ndata_dir = /var/lib/odoo\n";

    private OdooConfigFile() {
    }

    static Path folder(Environment env) {
        return env.workDir().resolve("odoo-config");
    }

    /**
     * Writes the configuration file of an operation's containers before anything is stopped; {@code null} when the
     * environment has no database password (nothing secret to hide).
     */
    static Path write(DeployContext dc, String image, String opId) {
        if (dc.env().db().password() == null) {
            return null;
        }
        return write(dc.docker(), dc.env(), dc.progress(), image, opId, java.util.Map.of());
    }

    /**
     * Writes the configuration file of operation {@code opId}'s containers for {@code image} (also without a database
     * password, then without {@code db_password}), with {@code options} set in its {@code [options]} besides the database
     * keys (e.g. {@code without_demo}: a setting the command line of Odoo 16-18 cannot turn off once the image's file sets it).
     */
    static Path write(dev.odoorelease.engine.internal.docker.DockerCli docker, Environment env,
            dev.odoorelease.engine.progress.ProgressListener progress, String image, String opId, java.util.Map<String, String> options) {
        DbTarget db = env.db();
        for (String v : options.values()) {
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("an Odoo option value has a line break");
            }
        }
        for (String v : java.util.stream.Stream.of(db.host(), db.user(), db.password()).filter(java.util.Objects::nonNull).toList()) {
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || !v.equals(v.strip())) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to write Odoo's configuration file for "
                        + env.name() + ": a database setting (host, user or password) has a line break or leading or trailing"
                        + " spaces, which Odoo's configuration file cannot carry. Change it.");
            }
        }
        OdooUser odoo = OdooUser.ofDataDir(env.dataDir());
        if (odoo.uid() == 0) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to give Odoo its database password in a"
                    + " configuration file for " + env.name() + ": " + odoo.reference() + " is owned by root, so Odoo's own user"
                    + " (the one that must own its data directory) is unknown and could not read a file only it may read."
                    + " Give the data directory to Odoo's user, as the official image expects: chown -R 101:101 "
                    + env.dataDir() + ".");
        }
        String content = withOptions(imageConfig(docker, env, progress, image), dbOptions(db, options));
        Path dir = folder(env);
        Path file = dir.resolve(opId + ".conf");
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.setAttribute(file, "unix:uid", odoo.uid());
            Files.setAttribute(file, "unix:gid", odoo.gid());
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return file;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // best effort: 0600
            }
            throw new OdooReleaseException(ErrorCode.IO, "Unable to write Odoo's configuration file " + file + " (owner uid "
                    + odoo.uid() + ", mode 0600): " + e.getMessage() + ". Run odoo-release as root (it gives the file to Odoo's"
                    + " user) and check that " + env.workDir() + " is writable.", e);
        }
    }

    /**
     * The content of the configuration file for {@code image}'s containers: the image's own with the environment's database
     * settings (password included: give it to Odoo only through a file only Odoo's user reads, or a swarm secret).
     */
    public static String content(dev.odoorelease.engine.internal.docker.DockerCli docker, Environment env, String image,
            dev.odoorelease.engine.progress.ProgressListener progress) {
        return withDatabase(imageConfig(docker, env, progress, image), env.db());
    }

    /**
     * The image's configuration files read so far in this JVM, by Docker engine and image id (an id names exactly one
     * content, so the file cannot differ): a long-lived JVM (a Jenkins agent) reads each image's file once, and a
     * deploy does not pay a one-off container for it again (seconds on a loaded engine). Bounded: cleared past 256.
     */
    private static final java.util.Map<String, String> READ = new java.util.concurrent.ConcurrentHashMap<>();

    private static String imageConfig(dev.odoorelease.engine.internal.docker.DockerCli docker, Environment env,
            dev.odoorelease.engine.progress.ProgressListener progress, String image) {
        String id = docker.images().inspect(image).map(dev.odoorelease.engine.internal.docker.ImageInfo::id).orElse(null);
        String key = id == null ? null : docker.endpoint() + " " + id;
        String known = key == null ? null : READ.get(key);
        if (known != null) {
            return known;
        }
        String read = readImageConfig(docker, env, progress, image);
        if (key != null && read != null) {
            if (READ.size() >= 256) {
                READ.clear();
            }
            READ.put(key, read);
        }
        return read == null ? OFFICIAL_DEFAULT : read;
    }

    /** The image's own file, read in a one-off container without network; null when it cannot be read. */
    private static String readImageConfig(dev.odoorelease.engine.internal.docker.DockerCli docker, Environment env,
            dev.odoorelease.engine.progress.ProgressListener progress, String image) {
        ContainerSpec probe = ContainerSpec.builder(image).network("none").extraArgs("--entrypoint", "/bin/sh")
                .command("-c", "cat \"${ODOO_RC:-/etc/odoo/odoo.conf}\"")
                .labels(DeployNames.labels(env, "read-config")).build();
        try {
            // the file as it is: redacted, a value equal to a secret would be masked in the file Odoo then reads
            RunResult r = docker.containers().runForOutput(probe, Duration.ofMinutes(5));
            if (r.exitCode() == 0 && r.logs().lines().anyMatch(l -> l.strip().equalsIgnoreCase("[options]"))) {
                return r.logs();
            }
            progress.warn("could not read the configuration file of " + image + " (exit " + r.exitCode()
                    + "); Odoo gets the official image's settings (addons_path /mnt/extra-addons, data_dir /var/lib/odoo)");
        } catch (OdooReleaseException e) {
            if (e.errorCode() == ErrorCode.INTERRUPTED || e.errorCode() == ErrorCode.PREREQUISITE) {
                throw e;
            }
            progress.warn("could not read the configuration file of " + image + " (" + e.getMessage()
                    + "); Odoo gets the official image's settings (addons_path /mnt/extra-addons, data_dir /var/lib/odoo)");
        }
        return null;
    }

    /** The configuration with the database keys of {@code [options]} replaced by the environment's. */
    static String withDatabase(String config, DbTarget db) {
        return withOptions(config, dbOptions(db, java.util.Map.of()));
    }

    private static java.util.Map<String, String> dbOptions(DbTarget db, java.util.Map<String, String> more) {
        java.util.Map<String, String> o = new java.util.LinkedHashMap<>();
        o.put("db_host", db.host());
        o.put("db_port", String.valueOf(db.port()));
        o.put("db_user", db.user());
        if (db.password() != null) {
            o.put("db_password", db.password());
        }
        o.putAll(more);
        return o;
    }

    /** The configuration with {@code options} set in {@code [options]} (the file's own values of those keys dropped). */
    private static String withOptions(String config, java.util.Map<String, String> options) {
        List<String> out = new ArrayList<>();
        String section = "";
        boolean inserted = false;
        for (String line : config.split("\n", -1)) {
            String t = line.strip();
            if (t.startsWith("[") && t.endsWith("]")) {
                section = t.substring(1, t.length() - 1).strip();
                out.add(line);
                if (section.equalsIgnoreCase("options") && !inserted) {
                    out.addAll(lines(options));
                    inserted = true;
                }
                continue;
            }
            var m = KEY.matcher(line);
            if (section.equalsIgnoreCase("options") && m.matches() && (DB_KEYS.contains(m.group(1)) || options.containsKey(m.group(1)))) {
                continue;
            }
            out.add(line);
        }
        if (!inserted) {
            out.add(0, "[options]");
            out.addAll(1, lines(options));
        }
        String s = String.join("\n", out);
        return s.endsWith("\n") ? s : s + "\n";
    }

    private static List<String> lines(java.util.Map<String, String> options) {
        return options.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList();
    }

    /**
     * Removes the configuration files no container of the environment uses any more (named by the operation that
     * created them, which their containers carry as a label). Never fails the operation: a file left behind is only
     * reported.
     */
    static void prune(DeployContext dc) {
        Path dir = folder(dc.env());
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Set<String> used = dc.docker().containers().listByLabel(DeployNames.LABEL_ENV, dc.env().name()).stream()
                    .map(ContainerState::labels).map(l -> l.get(DeployNames.LABEL_OP)).filter(java.util.Objects::nonNull)
                    .map(op -> op + ".conf").collect(Collectors.toSet());
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.toList()) {
                    if (!used.contains(f.getFileName().toString())) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            dc.progress().warn("could not remove unused Odoo configuration files in " + dir + ": " + e.getMessage());
        }
    }
}
