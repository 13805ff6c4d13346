package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.internal.snapshot.OperationIds;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of everything a rehearsal creates, all derived from its operation id so that the next rehearsal finds
 * and drops what a killed one left ({@link RehearsalSweep}): the throwaway database {@code ors_rehearsal_<id>} on the
 * environment's server, the folder {@code <workDir>/rehearsals/<id>} (its data directory with the filestore copy and its
 * Odoo configuration file), and its containers, labelled with the environment, the operation and {@value #LABEL}.
 */
public final class RehearsalNames {
    /** In the history: a rehearsal. */
    public static final String OPERATION = dev.odoorelease.engine.internal.state.History.REHEARSAL;
    /** Container label: the environment a rehearsal container belongs to (only rehearsal containers carry it). */
    static final String LABEL = "dev.odoorelease.rehearsal";
    /** In a rehearsal's history details: the environment whose server and data directory hold its copy. */
    static final String COPY_ON = "copyOn";
    private static final String DB_PREFIX = "ors_rehearsal_";
    private static final Pattern DB = Pattern.compile(DB_PREFIX + "(\\d{8}_\\d{6}_[0-9a-f]{4})");

    private RehearsalNames() {
    }

    /** The throwaway database of rehearsal {@code opId}. */
    static String database(String opId) {
        return DB_PREFIX + OperationIds.forDatabase(opId);
    }

    /** The operation id of a throwaway database's name; empty for any other name. */
    static Optional<String> operationOf(String database) {
        Matcher m = DB.matcher(database);
        return m.matches() ? Optional.of(m.group(1).replaceFirst("_", "-").replaceFirst("_", "-")) : Optional.empty();
    }

    /** Who a snapshot a rehearsal copies is pinned by, while the rehearsal runs. */
    static String pinner(String opId) {
        return "rehearsal " + opId;
    }

    /** The folder of everything rehearsals of {@code env} keep on disk. */
    static Path root(Environment env) {
        return env.workDir().resolve("rehearsals");
    }

    /** The folder of rehearsal {@code opId}. */
    static Path folder(Environment env, String opId) {
        return root(env).resolve(opId);
    }

    /** The data directory the rehearsal's containers mount at /var/lib/odoo (filestore/&lt;database&gt; inside). */
    static Path dataDir(Environment env, String opId) {
        return folder(env, opId).resolve("data");
    }

    /** The rehearsal's server container. */
    static String server(OdooContainer c, String opId) {
        return c.name() + "-rehearsal-" + opId;
    }

    /** The rehearsal's one-off module update container. */
    static String update(OdooContainer c, String opId) {
        return c.name() + "-rehearsal-update-" + opId;
    }

    /**
     * Whether {@code name} is one of rehearsal {@code opId}'s containers of the environment whose container settings are
     * {@code c} (container names are unique on a Docker engine; labels name the environment only, which another project may
     * share); false without settings.
     */
    static boolean isContainerOf(OdooContainer c, String opId, String name) {
        return c != null && (name.equals(server(c, opId)) || name.equals(update(c, opId)));
    }

    /** The labels of a rehearsal's containers. */
    static Map<String, String> labels(Environment env, String opId) {
        Map<String, String> l = DeployNames.labels(env, opId);
        l.put(LABEL, env.name());
        return l;
    }
}
