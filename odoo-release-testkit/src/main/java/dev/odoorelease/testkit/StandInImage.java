package dev.odoorelease.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds a Docker image of the Odoo stand-in (see {@code standin/README.md} in this package's
 * resources) {@code FROM} the locally built base image, for one Odoo series and one behaviour
 * variant. The tag carries a hash of everything that went into the image, so an image is rebuilt
 * exactly when its content changes and reused otherwise (Docker's own layer cache can miss content
 * changes on the vfs driver).
 *
 * <pre>{@code
 * String image = StandInImage.series("17.0").variant(Variant.GOOD).moduleVersion("sale_custom", "17.0.1.1").build();
 * }</pre>
 */
public final class StandInImage {
    public static final String BASE_IMAGE = System.getenv().getOrDefault("ODOO_RELEASE_BASE_IMAGE", "odoo-release/base:bookworm-r2");
    public static final String REPOSITORY = "odoo-release/standin";
    private static final String RESOURCE_ROOT = "dev/odoorelease/testkit/";

    /** Behaviours baked into the image (the stand-in's STANDIN_VARIANT). */
    public enum Variant {
        GOOD("good"),
        FAILING_UPGRADE("failing-upgrade"),
        CRASH_AT_START("crash-at-start"),
        HEALTH_500("health-500"),
        SLOW_START("slow-start");

        private final String id;

        Variant(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final String series;
    private Variant variant = Variant.GOOD;
    private final Map<String, String> moduleVersions = new TreeMap<>();
    private String tagSuffix = "";
    private final List<String> codeFields = new ArrayList<>();

    private StandInImage(String series) {
        if (!series.matches("1[678]\\.0")) {
            throw new IllegalArgumentException("the stand-in knows Odoo 16.0, 17.0 and 18.0, not " + series);
        }
        this.series = series;
    }

    public static StandInImage series(String series) {
        return new StandInImage(series);
    }

    public StandInImage variant(Variant v) {
        this.variant = v;
        return this;
    }

    /** The version a module's code has in this image (what {@code -u} writes to latest_version). */
    public StandInImage moduleVersion(String module, String version) {
        moduleVersions.put(module, version);
        return this;
    }

    /**
     * A stored field this image's code defines beyond the fixture schema ({@code res_partner.x_loyalty}): the
     * stand-in's {@code STANDIN_CODE_FIELDS}, baked into the image. {@code -u} creates its column; without it (code
     * ahead of the schema) a login that reads the user's record fails like Odoo's.
     */
    public StandInImage codeField(String tableDotColumn) {
        codeFields.add(tableDotColumn);
        return this;
    }

    /** Extra words for the tag, to tell images of a test apart ("v2"). */
    public StandInImage tagSuffix(String suffix) {
        this.tagSuffix = "-" + suffix;
        return this;
    }

    /** Builds the image unless an identical one exists; returns its full name. */
    public String build() {
        DockerEngine.require();
        if (!DockerEngine.imageExists(BASE_IMAGE)) {
            throw new IllegalStateException("The base image " + BASE_IMAGE + " is missing (no image can be pulled here). "
                    + "Run scripts/setup-machine to build it with debootstrap.");
        }
        Map<String, byte[]> files = contextFiles();
        Map<String, String> args = buildArgs();
        String hash = hash(files, args);
        String tag = REPOSITORY + ":" + series + "-" + variant.id() + tagSuffix + "-" + hash;
        // before anything else: from now on no other run's build removes this one while this JVM lives
        lease(hash);
        if (DockerEngine.imageExists(tag)) {
            return tag;
        }
        Path ctx;
        try {
            ctx = Files.createTempDirectory("standin-ctx");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path p = ctx.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, f.getValue());
                if (f.getKey().endsWith(".sh") || f.getKey().endsWith(".py") || f.getKey().endsWith("/odoo")) {
                    p.toFile().setExecutable(true, false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to prepare the stand-in build context", e);
        }
        try {
            List<String> cmd = new ArrayList<>(List.of("build", "--pull=false", "-q", "-f", ctx.resolve("standin/Dockerfile").toString(), "-t", tag,
                    "--label", "dev.odoorelease.standin.hash=" + hash));
            args.forEach((k, v) -> {
                cmd.add("--build-arg");
                cmd.add(k + "=" + v);
            });
            cmd.add(ctx.toString());
            Processes.Result r = DockerEngine.docker(Duration.ofMinutes(10), cmd);
            if (r.exitCode() != 0) {
                throw new IllegalStateException("Unable to build the stand-in image " + tag + ": " + r.combined());
            }
            removeStaleVersions(series + "-" + variant.id() + tagSuffix + "-", tag);
            return tag;
        } finally {
            PgServer.deleteTree(ctx);
        }
    }

    /**
     * Removes the older builds of one image name ({@code name} + another hash): each change to the stand-in's sources
     * builds every image again under a new hash, and with the vfs storage driver each one is a full copy, so without
     * this the disk fills. Only exact matches of name and a hash are removed (never "17.0-good-v1-…" for "17.0-good-");
     * an image a container still uses stays (docker refuses to remove it, which is ignored).
     */
    static void removeStaleVersions(String name, String keep) {
        Processes.Result images = DockerEngine.docker(Duration.ofMinutes(1), "images", "--format", "{{.Repository}}:{{.Tag}}", REPOSITORY);
        if (images.exitCode() != 0) {
            return;
        }
        for (String image : staleVersions(images.stdout().lines().toList(), name, keep)) {
            if (!inUse(image.substring(image.length() - 12))) {
                DockerEngine.docker(Duration.ofMinutes(1), "rmi", image);
            }
        }
    }

    /**
     * Where each process that uses a stand-in build says so: an empty file {@code <hash>.<pid>}. Another run on the same
     * engine (a second worktree, a branch whose stand-in differs) would otherwise remove the build this one is about to
     * run as an "older" version, and its {@code docker run} fails with "No such image". A fixed folder, not
     * {@code java.io.tmpdir}: test JVMs of other modules set their own.
     */
    static final Path LEASES = Path.of("/tmp", "odoo-release-standin-leases");

    /** Records that this process uses the build {@code hash}. */
    static void lease(String hash) {
        try {
            Files.createDirectories(LEASES);
            Path own = LEASES.resolve(hash + "." + ProcessHandle.current().pid());
            if (!Files.exists(own)) {
                Files.write(own, new byte[0]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to record the use of the stand-in build " + hash + " in " + LEASES, e);
        }
    }

    /** Whether a live process uses the build {@code hash}; the records of dead processes are deleted on the way. */
    static boolean inUse(String hash) {
        boolean used = false;
        try (java.util.stream.Stream<Path> files = Files.list(LEASES)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(hash + ".")).toList()) {
                String pid = f.getFileName().toString().substring(hash.length() + 1);
                boolean alive = pid.matches("[0-9]+") && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
                if (alive) {
                    used = true;
                } else {
                    Files.deleteIfExists(f);
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return true; // unreadable: keep the image rather than break another run
        }
        return used;
    }

    /** The images among {@code images} that are {@code REPOSITORY:name<hash>} with another hash than {@code keep}'s. */
    static List<String> staleVersions(List<String> images, String name, String keep) {
        String prefix = REPOSITORY + ":" + name;
        return images.stream().map(String::strip)
                .filter(i -> i.startsWith(prefix) && i.substring(prefix.length()).matches("[0-9a-f]{12}") && !i.equals(keep))
                .toList();
    }

    private Map<String, String> buildArgs() {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("BASE_IMAGE", BASE_IMAGE);
        args.put("ODOO_SERIES", series);
        args.put("STANDIN_VARIANT", variant.id());
        if (!moduleVersions.isEmpty()) {
            List<String> pairs = new ArrayList<>();
            moduleVersions.forEach((m, v) -> pairs.add(m + "=" + v));
            args.put("MODULE_VERSIONS", String.join(",", pairs));
        }
        if (!codeFields.isEmpty()) {
            args.put("STANDIN_CODE_FIELDS", String.join(",", codeFields));
        }
        return args;
    }

    /** standin/** (Dockerfile, scripts, the odoo_standin package) and schema/** from the classpath, keyed by their path in the build context. */
    static Map<String, byte[]> contextFiles() {
        Map<String, byte[]> files = new TreeMap<>();
        for (String folder : List.of("standin", "schema")) {
            URL url = StandInImage.class.getClassLoader().getResource(RESOURCE_ROOT + folder);
            if (url == null) {
                throw new IllegalStateException("resource folder " + RESOURCE_ROOT + folder + " is missing from the testkit");
            }
            try {
                URI uri = url.toURI();
                if ("jar".equals(uri.getScheme())) {
                    FileSystem fs;
                    try {
                        fs = FileSystems.newFileSystem(uri, Map.of());
                    } catch (FileSystemAlreadyExistsException e) {
                        fs = FileSystems.getFileSystem(uri);
                    }
                    collect(fs.getPath(RESOURCE_ROOT + folder), folder, files);
                } else {
                    collect(Path.of(uri), folder, files);
                }
            } catch (URISyntaxException | IOException e) {
                throw new IllegalStateException("Unable to read the stand-in resources: " + e.getMessage(), e);
            }
        }
        return files;
    }

    /** Every regular file below {@code root} but Python's byte-code caches (a host run of the program leaves them). */
    private static void collect(Path root, String prefix, Map<String, byte[]> into) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(StandInImage::isSource).toList()) {
                into.put(prefix + "/" + root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
    }

    private static boolean isSource(Path p) {
        for (Path part : p) {
            if (part.toString().equals("__pycache__")) {
                return false;
            }
        }
        return !p.getFileName().toString().endsWith(".pyc");
    }

    /** The tag's hash: every context file (name and bytes) and every build argument. */
    static String hash(Map<String, byte[]> files, Map<String, String> args) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            files.forEach((name, content) -> {
                md.update(name.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(content);
            });
            args.forEach((k, v) -> md.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
