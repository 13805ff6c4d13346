package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;
import dev.odoorelease.engine.result.ModulePlan;
import dev.odoorelease.engine.config.UpdateMode;

/**
 * Chooses the modules a deploy updates, from the project's git repository (JGit) and the installed
 * modules of the database:
 * <ul>
 * <li>an addon is a folder holding {@code __manifest__.py} under one of the addons paths;</li>
 * <li>{@code changed}: installed addons with a file that differs between the deployed commit and the
 * new one — ignoring what needs no update, like click-odoo-update does ({@code static/}, {@code tests/},
 * {@code *.pot}, {@code *.pyc}) — plus installed addons whose manifest version is ahead of
 * {@code ir_module_module.latest_version};</li>
 * <li>a first deploy (no deployed commit known) uses the version comparison only, and says so.</li>
 * </ul>
 */
public final class ModulePlanner {
    private static final Pattern VERSION = Pattern.compile("['\"]version['\"]\\s*:\\s*['\"]([^'\"]+)['\"]");

    private final Path repository;
    private final List<String> addonsPaths;

    /**
     * @param repository  the project's git working tree or .git folder
     * @param addonsPaths folders inside the repository holding addons ("" for the root, "addons", …)
     */
    public ModulePlanner(Path repository, List<String> addonsPaths) {
        this.repository = repository;
        this.addonsPaths = addonsPaths.isEmpty() ? List.of("") : List.copyOf(addonsPaths);
    }

    /**
     * @param mode        what to update
     * @param installed   installed modules and their latest_version, read from the database
     * @param series      the database's Odoo series ("17.0"), used to adapt manifest versions
     * @param fromCommit  the deployed commit, or null when unknown
     * @param toCommit    the commit being deployed
     */
    public ModulePlan plan(UpdateMode mode, Map<String, String> installed, String series, String fromCommit, String toCommit) {
        List<String> notes = new ArrayList<>();
        switch (mode.kind()) {
            case NONE: {
                List<String> warnings = new ArrayList<>();
                warnings.add("no module update (update: none): a model the image's code changed (a new field) is not "
                        + "updated in the database, and Odoo then answers 500 to every request that reads it, logins included");
                skippedVersions(mode, installed, series, toCommit).forEach((m, why) -> warnings.add("module " + m
                        + " is not updated although " + why));
                return new ModulePlan(List.of(), Map.of(), "", List.of("no module update asked for"), warnings);
            }
            case ALL:
                return new ModulePlan(new ArrayList<>(installed.keySet()), Map.of("all", "asked for"), "all", notes);
            case LIST: {
                Map<String, String> reasons = new LinkedHashMap<>();
                for (String m : mode.modules()) {
                    if (!installed.containsKey(m)) {
                        notes.add(m + " is not installed in the database: Odoo ignores it in -u");
                    }
                    reasons.put(m, "asked for");
                }
                List<String> warnings = new ArrayList<>();
                skippedVersions(mode, installed, series, toCommit).forEach((m, why) -> warnings.add("module " + m
                        + " is not in the update list although " + why));
                return new ModulePlan(mode.modules(), reasons, String.join(",", mode.modules()), notes, warnings);
            }
            default:
                break;
        }
        Map<String, String> reasons = new TreeMap<>();
        try (Repository repo = open()) {
            RevCommit to = commit(repo, toCommit);
            Map<String, String> addons = addons(repo, to);   // module -> folder
            for (Map.Entry<String, String> a : addons.entrySet()) {
                String module = a.getKey();
                String dbVersion = installed.get(module);
                if (dbVersion == null) {
                    continue;
                }
                String manifest = manifestVersion(repo, to, a.getValue());
                if (manifest != null) {
                    String adapted = adapt(manifest, series);
                    if (compare(adapted, dbVersion) > 0) {
                        reasons.put(module, "manifest " + adapted + " ahead of installed " + dbVersion);
                    }
                }
            }
            if (fromCommit == null || fromCommit.isBlank()) {
                notes.add("no deployed commit is recorded: modules chosen by manifest versions only");
            } else {
                RevCommit from = commit(repo, fromCommit);
                for (String module : changedAddons(repo, from, to, addons)) {
                    if (installed.containsKey(module)) {
                        reasons.merge(module, "files changed " + abbreviate(from) + ".." + abbreviate(to), (x, y) -> x + "; " + y);
                    }
                }
            }
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to read the git repository " + repository + ": " + e.getMessage()
                    + ". Check the repository path of the environment.", e);
        }
        List<String> modules = new ArrayList<>(reasons.keySet());
        return new ModulePlan(modules, reasons, String.join(",", modules), notes);
    }

    /**
     * Installed modules outside {@code mode}'s list whose manifest version at {@code toCommit} differs from the
     * database's {@code latest_version} (ahead: new code on an old schema; behind: old code on a newer schema), with
     * why; empty when the repository or the commit is not known (nothing to compare with).
     */
    private Map<String, String> skippedVersions(UpdateMode mode, Map<String, String> installed, String series, String toCommit) {
        Map<String, String> out = new TreeMap<>();
        if (repository == null || toCommit == null || toCommit.isBlank()) {
            return out;
        }
        try (Repository repo = open()) {
            RevCommit to = commit(repo, toCommit);
            for (Map.Entry<String, String> a : addons(repo, to).entrySet()) {
                String module = a.getKey();
                String dbVersion = installed.get(module);
                if (dbVersion == null || mode.modules().contains(module)) {
                    continue;
                }
                String manifest = manifestVersion(repo, to, a.getValue());
                if (manifest != null) {
                    String adapted = adapt(manifest, series);
                    int c = compare(adapted, dbVersion);
                    if (c != 0) {
                        out.put(module, "its manifest version " + adapted + " at " + abbreviate(to) + " is " + (c > 0 ? "ahead of" : "behind")
                                + " the database's " + dbVersion);
                    }
                }
            }
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to read the git repository " + repository + ": " + e.getMessage()
                    + ". Check the repository path of the environment.", e);
        }
        return out;
    }

    private Repository open() throws IOException {
        FileRepositoryBuilder b = new FileRepositoryBuilder().readEnvironment();
        b.findGitDir(repository.toFile());
        if (b.getGitDir() == null) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to plan the module update: " + repository
                    + " is not inside a git repository. Point the deploy at the project's checkout, or use update: all or a list.");
        }
        return b.build();
    }

    private static RevCommit commit(Repository repo, String rev) throws IOException {
        ObjectId id;
        try {
            id = repo.resolve(rev + "^{commit}");
        } catch (org.eclipse.jgit.errors.MissingObjectException e) {
            id = null;
        }
        if (id == null) {
            throw new OdooReleaseException(ErrorCode.NOT_FOUND, "Unable to plan the module update: commit " + rev
                    + " is not in the repository " + repo.getDirectory() + ". Fetch it (a shallow clone may miss the deployed commit).");
        }
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(id);
        }
    }

    /** module name -> its folder, for every __manifest__.py under the addons paths. */
    private Map<String, String> addons(Repository repo, RevCommit c) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(c.getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                String path = tw.getPathString();
                if (!path.endsWith("/__manifest__.py") && !path.equals("__manifest__.py")) {
                    continue;
                }
                String folder = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
                String parent = folder.contains("/") ? folder.substring(0, folder.lastIndexOf('/')) : "";
                if (addonsPaths.contains(parent)) {
                    out.put(folder.substring(folder.lastIndexOf('/') + 1), folder);
                }
            }
        }
        return out;
    }

    private static String manifestVersion(Repository repo, RevCommit c, String folder) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(repo, folder + "/__manifest__.py", c.getTree())) {
            if (tw == null) {
                return null;
            }
            try (ObjectReader reader = repo.newObjectReader()) {
                String text = new String(reader.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
                Matcher m = VERSION.matcher(text);
                return m.find() ? m.group(1) : null;
            }
        }
    }

    private static List<String> changedAddons(Repository repo, RevCommit from, RevCommit to, Map<String, String> addons)
            throws IOException {
        TreeSet<String> changed = new TreeSet<>();
        try (DiffFormatter df = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            df.setRepository(repo);
            for (DiffEntry d : df.scan(from.getTree(), to.getTree())) {
                for (String path : List.of(d.getOldPath(), d.getNewPath())) {
                    if (path.equals(DiffEntry.DEV_NULL)) {
                        continue;
                    }
                    for (Map.Entry<String, String> a : addons.entrySet()) {
                        String prefix = a.getValue() + "/";
                        if (path.startsWith(prefix) && needsUpdate(path.substring(prefix.length()))) {
                            changed.add(a.getKey());
                        }
                    }
                }
            }
        }
        return new ArrayList<>(changed);
    }

    /** click-odoo-update's exclusions: files that never need a module update. */
    static boolean needsUpdate(String pathInAddon) {
        return !(pathInAddon.startsWith("static/") || pathInAddon.startsWith("tests/") || pathInAddon.endsWith(".pyc")
                || pathInAddon.endsWith(".pyo") || pathInAddon.endsWith(".pot"));
    }

    /** Odoo's adapt_version: a manifest version without the series prefix gets it. */
    static String adapt(String version, String series) {
        if (series == null || version.startsWith(series + ".") || version.equals(series)) {
            return version;
        }
        return series + "." + version;
    }

    /** Compares dotted versions numerically where possible. */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c;
            try {
                c = Integer.compare(Integer.parseInt(p), Integer.parseInt(q));
            } catch (NumberFormatException e) {
                c = p.compareTo(q);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static String abbreviate(RevCommit c) {
        return c.getName().substring(0, 8);
    }
}
