package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.config.Environment;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.odoorelease.engine.config.OdooContainer;

/**
 * The names deploys and rollbacks give what they record and create: the operation names of the journal and the
 * history, the labels of their containers, and the names of the kept old container and of the one-off update
 * container. Every class of {@code deploy/} that finds, removes or renames those reads the names here.
 */
public final class DeployNames {
    /** A deploy, in the journal and the history. */
    static final String DEPLOY = "deploy";
    /** A manual rollback, in the journal and the history. */
    static final String ROLLBACK = "rollback";
    /** A refresh's container handover ({@link ContainerHandover}), in the journal: {@code <refresh id>-serve}. */
    static final String REFRESH = "refresh";
    /** Container label: the environment the container belongs to. */
    static final String LABEL_ENV = "dev.odoorelease.environment";
    /** Container label: the operation that started the container. */
    public static final String LABEL_OP = "dev.odoorelease.operation";

    private DeployNames() {
    }

    /** The labels of a container that operation {@code opId} starts for {@code env}. */
    static Map<String, String> labels(Environment env, String opId) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put(LABEL_ENV, env.name());
        l.put(LABEL_OP, opId);
        return l;
    }

    /** The old container, stopped and kept under this name until operation {@code opId} succeeded. */
    static String kept(OdooContainer c, String opId) {
        return c.name() + "-previous-" + opId;
    }

    /** The one-off container of operation {@code opId} that runs the module update. */
    static String update(OdooContainer c, String opId) {
        return c.name() + "-update-" + opId;
    }
}
