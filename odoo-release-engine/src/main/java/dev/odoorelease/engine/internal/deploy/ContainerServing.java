package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.result.HealthReport;
import java.util.Optional;

/** An environment served by one container ({@code container:}): what a failed deploy removes, starts again and checks. */
final class ContainerServing implements Serving {
    private final DeployContext dc;

    ContainerServing(DeployContext dc) {
        this.dc = dc;
    }

    @Override
    public void removeNew(String opId) {
        if (startedBy(opId)) {
            dc.docker().containers().remove(dc.container().name(), true, true);
        }
        if (startedBy(opId)) {
            throw new IllegalStateException("it still exists after docker rm -f");
        }
    }

    @Override
    public String removal(String operation, String opId) {
        return "remove the new container " + dc.container().name() + " started by " + operation + " " + opId;
    }

    @Override
    public java.util.List<String> removalByHand(String opId) {
        return java.util.List.of("docker inspect -f '{{index .Config.Labels \"" + DeployNames.LABEL_OP + "\"}}' " + dc.container().name()
                + "   # when it prints " + opId + ": docker rm -f -v " + dc.container().name());
    }

    /** Whether the environment's container exists and was started by operation {@code opId} (the failed new one). */
    private boolean startedBy(String opId) {
        Optional<ContainerState> s = dc.docker().containers().inspect(dc.container().name());
        return s.isPresent() && opId.equals(s.get().labels().get(DeployNames.LABEL_OP));
    }

    /**
     * The kept container renamed back and started; else the environment's container started; else a new container of
     * {@code oldImage}. Returns what was started, or null when nothing ran before (no container, no image).
     */
    @Override
    public String startPrevious(String opId, String oldImage) {
        String name = dc.container().name();
        String kept = DeployNames.kept(dc.container(), opId);
        if (dc.docker().containers().exists(kept) && !dc.docker().containers().exists(name)) {
            dc.docker().containers().rename(kept, name);
        }
        Optional<ContainerState> existing = dc.docker().containers().inspect(name);
        if (existing.isPresent()) {
            dc.docker().containers().start(name);
            return "container " + name + " (" + existing.get().image() + ")";
        }
        if (oldImage == null) {
            return null;
        }
        if (dc.docker().images().inspect(oldImage).isEmpty()) {
            throw new IllegalStateException("no container " + name + " is left and its image " + oldImage
                    + " is not on the Docker engine; pull it, then run the recover command");
        }
        dc.progress().info("No container " + name + " is left (none ran before the operation): starting the version deployed before, "
                + oldImage);
        String op = dc.ctx().operationId();
        dc.docker().containers().run(OdooContainerSpecs.server(dc.container(), dc.env(), oldImage, name, DeployNames.labels(dc.env(), op),
                OdooConfigFile.write(dc, oldImage, op)));
        return "a new container " + name + " of " + oldImage;
    }

    @Override
    public HealthReport checkHealth() {
        return dc.checkHealth();
    }
}
