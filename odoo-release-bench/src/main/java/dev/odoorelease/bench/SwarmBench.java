package dev.odoorelease.bench;

import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.config.SwarmLoadBalancer;
import dev.odoorelease.engine.config.SwarmRuntime;
import dev.odoorelease.engine.config.UpdateMode;
import dev.odoorelease.engine.internal.deploy.DeployCommand;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.testkit.FreePorts;
import dev.odoorelease.testkit.HttpLoad;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.ReleaseImages;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.StandInImage;
import dev.odoorelease.testkit.SwarmState;
import dev.odoorelease.testkit.TcpForwarder;
import dev.odoorelease.testkit.TestNames;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 19's benchmark: a steady load through the load balancer ({@code --clients} concurrent clients, each one request after
 * the other, on the login page) while a code-only deploy rolls {@code --instances} swarm instances, against the same load on
 * today's single-container code-only deploy (stop, start, health check) of the same images, in the same run: failed requests
 * and latency percentiles before and during each deploy. Then a module-update deploy ({@code --update base}, each module's update
 * taking {@code --update-delay} s in the stand-in) on both: the swarm's maintenance time (page on to health check passed) against
 * its update run, side by side with the single container's downtime (stop to health check passed) and update run. Writes
 * docs/benchmarks.md (section swarm-bench).
 */
public final class SwarmBench {
    static final String PASSWORD = "Bench-Swarm-77";

    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchArgs.parse(args, Map.of("--instances", "3", "--clients", "50", "--before", "20", "--update-delay", "1",
                "--doc", "docs/benchmarks.md"));
        int instances = Integer.parseInt(a.get("--instances"));
        int clients = Integer.parseInt(a.get("--clients"));
        Duration before = Duration.ofSeconds(Long.parseLong(a.get("--before")));
        SwarmState.requireManager();
        String v1 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.3").tagSuffix("bench-v1").build();
        String v2 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.3").tagSuffix("bench-v2").build();
        // v2's code with a new base version: a deploy of it updates base
        String v3 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.4").tagSuffix("bench-v3").build();
        Map<String, String> updateDelay = Map.of("STANDIN_UPDATE_DELAY", a.get("--update-delay"));
        String[] updates = new String[2];
        DockerCli docker = DockerCli.local().redacting(PASSWORD);
        String prefix = TestNames.prefix("odoo");
        StringBuilder md = new StringBuilder("### Rolling deploys on Docker Swarm vs one container (bench/swarm-bench) ("
                + java.time.LocalDate.now() + ")\n\n");
        try (PgServer pg = PgServer.start("swarm-bench")) {
            ReleaseImages.createRole(pg, "deployer", PASSWORD);
            String[] rows = new String[2];
            // the swarm environment
            Path swarmData = Files.createTempDirectory("swarm-bench-data");
            StandInContainer.prepareDataDir(swarmData);
            StandInContainer.image(v1).dataDir(swarmData).env("HOST", pg.host()).env("PORT", String.valueOf(pg.port()))
                    .env("USER", "deployer").env("PASSWORD", PASSWORD).initDatabase("benchswarm");
            StandInContainer.prepareDataDir(swarmData);
            String gateway = SwarmState.gatewayAddress();
            try (TcpForwarder forward = TcpForwarder.on(gateway, pg.host(), pg.port())) {
                Environment env = Environment.builder("bench-swarm").kind(EnvironmentKind.PRODUCTION)
                        .database(new DbTarget(gateway, forward.port(), "benchswarm", "deployer", PASSWORD)).dataDir(swarmData).build();
                int lbPort = FreePorts.next();
                SwarmRuntime swarm = new SwarmRuntime(prefix + "web", instances, List.of(prefix + "net"), null, true, "dnsrr", List.of(),
                        updateDelay, Duration.ofSeconds(10), SwarmLoadBalancer.managed(lbPort).withBaseImage(StandInImage.BASE_IMAGE));
                HealthSettings health = HealthSettings.forUrl("http://127.0.0.1:" + lbPort).database("benchswarm").timeout(Duration.ofMinutes(3)).build();
                try {
                    check(new DeployCommand(env, null, docker).swarm(swarm).image(v1).update(UpdateMode.parse("none")).allowSkippedUpdates(true)
                            .health(health).call());
                    rows[0] = measure("swarm, " + instances + " instances, rolling (start-first)", URI.create("http://127.0.0.1:" + lbPort
                            + "/web/login?db=benchswarm"), clients, before, () -> new DeployCommand(env, null, docker).swarm(swarm).image(v2)
                            .update(UpdateMode.parse("none")).allowSkippedUpdates(true).health(health).call());
                    updates[0] = moduleUpdate("swarm, " + instances + " instances: maintenance page, scale to 0, snapshot, one update run",
                            URI.create("http://127.0.0.1:" + lbPort + "/web/login?db=benchswarm"),
                            new DeployCommand(env, null, docker).swarm(swarm).image(v3).update(UpdateMode.parse("base")).health(health));
                } finally {
                    SwarmState.remove(prefix);
                }
            }
            // today's single container, same images, same load
            Path oneData = Files.createTempDirectory("swarm-bench-one");
            StandInContainer.prepareDataDir(oneData);
            StandInContainer.image(v1).dataDir(oneData).env("HOST", pg.host()).env("PORT", String.valueOf(pg.port()))
                    .env("USER", "deployer").env("PASSWORD", PASSWORD).initDatabase("benchone");
            StandInContainer.prepareDataDir(oneData);
            Environment one = Environment.builder("bench-one").kind(EnvironmentKind.PRODUCTION)
                    .database(new DbTarget(pg.host(), pg.port(), "benchone", "deployer", PASSWORD)).dataDir(oneData).build();
            int port = FreePorts.next();
            OdooContainer c = new OdooContainer(prefix + "one", "host", List.of(), List.of("--http-port=" + port), updateDelay, List.of(),
                    "http://127.0.0.1:" + port, Duration.ofSeconds(10));
            HealthSettings oneHealth = HealthSettings.forUrl("http://127.0.0.1:" + port).database("benchone").timeout(Duration.ofMinutes(3)).build();
            try {
                check(new DeployCommand(one, c, docker).image(v1).update(UpdateMode.parse("none")).allowSkippedUpdates(true).health(oneHealth).call());
                rows[1] = measure("one container, stop + start (today)", URI.create("http://127.0.0.1:" + port + "/web/login?db=benchone"),
                        clients, before, () -> new DeployCommand(one, c, docker).image(v2).update(UpdateMode.parse("none"))
                                .allowSkippedUpdates(true).health(oneHealth).call());
                updates[1] = moduleUpdate("one container: stop, snapshot, update run, start (today)",
                        URI.create("http://127.0.0.1:" + port + "/web/login?db=benchone"),
                        new DeployCommand(one, c, docker).image(v3).update(UpdateMode.parse("base")).health(oneHealth));
            } finally {
                dev.odoorelease.testkit.DockerEngine.removeContainers(c.name());
            }
            md.append("Code-only deploy (no module update) of the Odoo stand-in 17.0 under a steady load of ").append(clients)
                    .append(" concurrent clients on the login page (each one request after the other, loopback), ")
                    .append(before.toSeconds()).append(" s measured before the deploy, then during it (from the call to its end). PostgreSQL ")
                    .append("on the same machine; one node, " + Runtime.getRuntime().availableProcessors() + " cores. A failed request is an I/O error or a 5xx.\n\n")
                    .append("| deploy | deploy time | requests before / during | failed before / during | p50 before / during | p99 before / during |\n")
                    .append("|---|---|---|---|---|---|\n").append(rows[0]).append(rows[1]).append("\n")
                    .append("Module-update deploy (`--update base`, the stand-in's update of each module taking ").append(a.get("--update-delay"))
                    .append(" s), same run, no load but one client asking for the login page every 100 ms: the time users are not served as ")
                    .append("that client saw it (from its first failed request to the end of its last one: the maintenance page, a refused ")
                    .append("connection), the downtime the deploy records (maintenance page on, or container stopped, to the health check ")
                    .append("passed), the update run inside it, and the deploy's other phases.\n\n")
                    .append("| deploy | deploy time | users not served (seen) | downtime recorded | update run | seen beyond the update | stop ")
                    .append("| snapshot | start | health |\n")
                    .append("|---|---|---|---|---|---|---|---|---|---|\n").append(updates[0]).append(updates[1]).append("\n");
        }
        System.out.println("\n" + md);
        BenchReport.writeSection(Path.of(a.get("--doc")), "swarm-bench", md.toString());
    }

    private static String measure(String what, URI url, int clients, Duration before, java.util.function.Supplier<DeployResult> deploy)
            throws Exception {
        try (HttpLoad load = HttpLoad.start(url, clients)) {
            Thread.sleep(3000);
            load.cut();
            Thread.sleep(before.toMillis());
            HttpLoad.Stats b = load.cut();
            long t = System.nanoTime();
            DeployResult r = deploy.get();
            double secs = (System.nanoTime() - t) / 1e9;
            HttpLoad.Stats d = load.cut();
            check(r);
            System.out.println(what + ": before " + b + ", during " + d);
            return String.format(Locale.ROOT, "| %s | %.1f s | %d / %d | %d / %d | %d / %d ms | %d / %d ms |%n", what, secs, b.requests(),
                    d.requests(), b.failures(), d.failures(), b.p50Millis(), d.p50Millis(), b.p99Millis(), d.p99Millis());
        }
    }

    /**
     * One module-update deploy: the time a client asking for {@code url} every 100 ms was not served, the downtime the deploy
     * recorded, and its phases.
     */
    private static String moduleUpdate(String what, URI url, DeployCommand deploy) throws InterruptedException {
        try (HttpLoad probe = HttpLoad.start(url, 1, Duration.ofMillis(100))) {
            Thread.sleep(2000);
            HttpLoad.Stats b = probe.cut();
            if (b.failures() > 0) {
                throw new IllegalStateException(what + ": " + url + " is not served before the deploy: " + b.failureSamples());
            }
            long t = System.nanoTime();
            DeployResult r = deploy.progress(null).call();
            double secs = (System.nanoTime() - t) / 1e9;
            Thread.sleep(2000); // the probe's last requests
            HttpLoad.Stats d = probe.cut();
            check(r);
            Map<String, Long> p = r.phaseMillis();
            long update = p.getOrDefault("update", 0L);
            System.out.println(what + ": not served " + d.unservedMillis() + " ms (" + d.failures() + " of " + d.requests()
                    + " requests failed: " + d.failureSamples() + "), downtime " + r.downtimeMillis() + " ms, phases " + p);
            return String.format(Locale.ROOT, "| %s | %.1f s | %.1f s | %.1f s | %.1f s | %.1f s | %.1f s | %.1f s | %.1f s | %.1f s |%n", what,
                    secs, d.unservedMillis() / 1000.0, r.downtimeMillis() / 1000.0, update / 1000.0, (d.unservedMillis() - update) / 1000.0,
                    p.getOrDefault("stop", 0L) / 1000.0, p.getOrDefault("snapshot", 0L) / 1000.0, p.getOrDefault("start", 0L) / 1000.0,
                    p.getOrDefault("health", 0L) / 1000.0);
        }
    }

    private static void check(DeployResult r) {
        if (r.outcome() != DeployResult.Outcome.DEPLOYED) {
            throw new IllegalStateException("the deploy did not succeed: " + r.outcome() + " " + r.cause());
        }
    }
}
