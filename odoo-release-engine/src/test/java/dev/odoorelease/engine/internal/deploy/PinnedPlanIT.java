package dev.odoorelease.engine.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.config.UpdateMode;
import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.StandIns;
import dev.odoorelease.engine.internal.snapshot.RestoreCommand;
import dev.odoorelease.engine.internal.snapshot.SnapshotCommand;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.HistoryEntry;
import dev.odoorelease.engine.result.PinnedPlan;
import dev.odoorelease.testkit.DockerEngine;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.ReleaseImages;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.StandInImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pinned plans and promotion rules against a real PostgreSQL cluster, the real Docker engine and the Odoo stand-in: one
 * staging and one production ({@code promotesFrom} staging) environment, set up once for the class (v1 deployed to both),
 * and a git checkout built here with JGit. Every test starts from whatever production runs (its commits build on the
 * deployed one), so they hold in any order.
 */
class PinnedPlanIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("pinned-plan");

    static final String PASSWORD = "Plan-Secret-4c7e";
    static final DockerCli DOCKER = DockerCli.local().redacting(PASSWORD);
    static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));

    @TempDir
    static Path tmp;

    /** v1; and two images of v1's code under other ids (only a label differs), built for this class. */
    static String v1;
    static String v2;
    static String v3;
    static final List<String> ownImages = new ArrayList<>();
    static Site staging;
    static Site production;
    static Git git;
    static Path repo;

    /** An environment with its container and health check. */
    record Site(Environment env, OdooContainer container, HealthSettings health) {
    }

    @BeforeAll
    static void setUp() throws Exception {
        StandIns.requireEngine();
        v1 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.3").tagSuffix("v1").build();
        v2 = derived("v2");
        v3 = derived("v3");
        ReleaseImages.createRole(PG.server(), "deployer", PASSWORD);
        staging = site("pp_staging", EnvironmentKind.STAGING);
        production = site("pp_prod", EnvironmentKind.PRODUCTION);
        repo = tmp.resolve("checkout");
        git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
        String c0 = commit("initial");
        String c1 = commit("first release");
        assertThat(c0).isNotEqualTo(c1);
        assertDeployed(deploy(staging, v1).commit(c1).call());
        assertDeployed(deploy(production, v1).commit(c1).call());
    }

    @AfterAll
    static void tearDown() {
        for (Site s : new Site[] {staging, production}) {
            if (s != null) {
                for (ContainerState c : DOCKER.containers().listByLabel(DeployNames.LABEL_ENV, s.env().name())) {
                    DOCKER.containers().remove(c.name(), true, true);
                }
                DOCKER.containers().remove(s.container().name(), true, true);
            }
        }
        ownImages.forEach(i -> DockerEngine.docker(Duration.ofMinutes(1), "rmi", "-f", i));
        if (git != null) {
            git.close();
        }
    }

    @Test
    void aMatchingPlanDeploysAndRecordsPlanAndApproverWhileAPlanMadeBeforeAnotherDeployIsRefused() throws Exception {
        deployedCommit();
        String a = commit("feature a");
        String b = commit("feature b");
        PinnedPlan planA = plan(production, v1).commit(a).call().pinnedPlan();
        DeployResult planned = plan(production, v1).commit(b).call();
        PinnedPlan planB = planned.pinnedPlan();
        assertThat(planned.outcome()).isEqualTo(DeployResult.Outcome.PLANNED);
        assertThat(planB.id()).matches("[0-9a-f]{16}").isNotEqualTo(planA.id());
        assertThat(planB.imageId()).isEqualTo(imageId(v1));
        assertThat(planB.commit()).isEqualTo(b);
        assertThat(planB.promotion()).startsWith("proven: deployed and found healthy on pp-staging");
        assertThat(planB.lineage()).startsWith("linear: " + b + " descends from the deployed");
        assertThat(planB.expectedDowntime()).startsWith("about ").contains("median downtime of the last");
        assertThat(planB.lastOperation()).as("the tests before may have ended with a restore").matches("(deploy .*: deployed|restore .*: ok)");
        assertThat(planB.refusals()).isEmpty();
        assertThat(planB.expiresAt()).isAfter(planB.createdAt().plus(Duration.ofHours(23)));

        // the approved plan B is deployed, by id alone: image, commit and update come from the stored plan
        DeployResult r = new DeployCommand(production.env(), production.container(), DOCKER).health(production.health())
                .repository(repo, List.of("")).allowSkippedUpdates(true).promotesFrom(staging.env()).lockTimeout(Duration.ofSeconds(30))
                .plan(planB.id()).approvedBy("alice").call();
        assertDeployed(r);
        assertThat(r.image()).isEqualTo(v1);
        assertThat(r.commit()).isEqualTo(b);
        assertThat(r.approvedBy()).isEqualTo("alice");
        Map<String, Object> details = lastDeploy(production).details();
        assertThat(details).containsEntry("planId", planB.id()).containsEntry("approvedBy", "alice").containsEntry("commit", b);
        assertThat((String) details.get("promotion")).startsWith("proven");
        assertThat(new StatusCommand(production.env(), production.container(), DOCKER).call().lines())
                .anySatisfy(l -> assertThat(l).contains("deploy " + r.operationId() + ": deployed, plan " + planB.id() + ", approved by alice"));

        // plan A was made before that deploy: refused, nothing changed, and the message names what changed
        String before = state(production);
        assertThatThrownBy(() -> deploy(production, null).plan(planA.id()).approvedBy("bob").call())
                .isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PRECONDITION))
                .hasMessageContaining("with plan " + planA.id() + " (nothing changed)")
                .hasMessageContaining("last operation: was " + planA.lastOperation() + ", now deploy " + r.operationId() + ": deployed")
                .hasMessageContaining("running commit: was ")
                .hasMessageContaining("Plan again");
        // and so is plan B itself, deployed once: its deploy is now the environment's last operation
        assertThatThrownBy(() -> deploy(production, null).plan(planB.id()).call()).hasMessageContaining("last operation: was");
        assertThat(state(production)).isEqualTo(before);
    }

    /**
     * Issue 18: a plan whose proof comes from a staging copy older than staging's maxAge says so. Staging here was never
     * refreshed by odoo-release (no clone in its history), so with a maxAge its proof is stale; without one it is not.
     * The note is worded with the refresh's time, so the plan stays deployable until the next refresh.
     */
    @Test
    void aProofFromAStagingCopyOlderThanItsMaxAgeIsFlaggedInThePlan() throws Exception {
        deployedCommit();
        String c = commit("feature stale");

        PinnedPlan fresh = plan(production, v1).commit(c).call().pinnedPlan();
        PinnedPlan stale = plan(production, v1).commit(c).promotesFromMaxAge(Duration.ofDays(30)).call().pinnedPlan();
        PinnedPlan again = plan(production, v1).commit(c).promotesFromMaxAge(Duration.ofDays(30)).call().pinnedPlan();

        assertThat(fresh.promotion()).startsWith("proven").doesNotContain("STALE");
        assertThat(stale.promotion()).startsWith("proven: deployed and found healthy on pp-staging")
                .contains("STALE PROOF: pp-staging's data is older than its maxAge 30d (never refreshed by odoo-release)");
        assertThat(stale.lines()).anySatisfy(l -> assertThat(l).startsWith("  promotion: proven").contains("STALE PROOF"));
        assertThat(stale.refusals()).as("a warning for the approver, not a refusal").isEmpty();
        assertThat(again.id()).as("the same facts: the note does not change with the time").isEqualTo(stale.id());
        assertThat(stale.id()).isNotEqualTo(fresh.id());
    }

    @Test
    void aTagRePointedAtAnotherImageAfterThePlanIsRefusedAndNothingChanges() throws Exception {
        deployedCommit();
        String tag = "odoo-release-it/pinned-plan-rc:" + RUN;
        ownImages.add(tag);
        DockerEngine.check(Duration.ofMinutes(1), "tag", v1, tag);
        PinnedPlan p = plan(production, tag).commit(commit("rc")).call().pinnedPlan();
        assertThat(p.imageId()).isEqualTo(imageId(v1));
        DockerEngine.check(Duration.ofMinutes(1), "tag", v2, tag); // re-pointed: same tag, other code
        String before = state(production);
        assertThatThrownBy(() -> deploy(production, null).plan(p.id()).approvedBy("carol").call())
                .isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PRECONDITION))
                .hasMessageContaining("image id: was " + imageId(v1) + ", now " + imageId(v2))
                .hasMessageContaining("Plan again");
        assertThat(state(production)).isEqualTo(before);
    }

    @Test
    void aRestoreBetweenPlanAndDeployIsRefused() throws Exception {
        deployedCommit();
        PinnedPlan p = plan(production, v1).commit(commit("before a restore")).call().pinnedPlan();
        String snapshot = new SnapshotCommand(production.env()).kind(SnapshotKind.TEMPLATE).label("PinnedPlanIT").drainSessions(true)
                .lockTimeout(Duration.ofSeconds(30)).call().snapshot().id();
        new RestoreCommand(production.env()).snapshot(snapshot).drainSessions(true).lockTimeout(Duration.ofSeconds(30)).call();
        String before = state(production);
        assertThatThrownBy(() -> deploy(production, null).plan(p.id()).call())
                .isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PRECONDITION))
                .hasMessageContaining("last operation: was deploy ")
                .hasMessageContaining(", now restore ")
                .hasMessageContaining("database: was pp_prod (oid ")
                .hasMessageContaining("Plan again");
        assertThat(state(production)).isEqualTo(before);
    }

    @Test
    void aModuleUpgradedBetweenPlanAndDeployIsRefused() throws Exception {
        deployedCommit();
        PinnedPlan p = plan(production, v1).commit(commit("before a module upgrade")).call().pinnedPlan();
        String db = production.env().db().database();
        PG.server().superExecute(db, "UPDATE ir_module_module SET latest_version = latest_version || '.1' WHERE name = 'base'");
        try {
            String before = state(production);
            assertThatThrownBy(() -> deploy(production, null).plan(p.id()).call())
                    .isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PRECONDITION))
                    .hasMessageContaining("installed modules: was " + p.installedModules() + ", now ")
                    .hasMessageContaining("Plan again");
            assertThat(state(production)).isEqualTo(before);
        } finally {
            PG.server().superExecute(db, "UPDATE ir_module_module SET latest_version = left(latest_version, -2) WHERE name = 'base'");
        }
    }

    @Test
    void anExpiredPlanIsRefused() throws Exception {
        deployedCommit();
        PinnedPlan p = plan(production, v1).commit(commit("late")).planValidity(Duration.ofMillis(1)).call().pinnedPlan();
        String before = state(production);
        assertThatThrownBy(() -> deploy(production, null).plan(p.id()).call())
                .isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PRECONDITION))
                .hasMessageContaining("the plan expired at").hasMessageContaining("Plan again");
        assertThat(state(production)).isEqualTo(before);
    }

    @Test
    void anUnknownMalformedOrOtherEnvironmentsPlanIdIsAClearErrorAndChangesNothing() throws Exception {
        deployedCommit();
        String before = state(production);
        assertThatThrownBy(() -> deploy(production, null).plan("0123456789abcdef").call())
                .isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("no plan of that id is stored").hasMessageContaining("odoo-release plan pp-prod");
        assertThatThrownBy(() -> deploy(production, null).plan("latest").call())
                .isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("not a plan id (16 hex digits");
        PinnedPlan stagingPlan = plan(staging, v1).call().pinnedPlan();
        assertThatThrownBy(() -> deploy(production, null).plan(stagingPlan.id()).call())
                .isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("it is a plan for pp-staging, not pp-prod");
        PinnedPlan p = plan(production, v1).commit(commit("given twice")).call().pinnedPlan();
        assertThatThrownBy(() -> deploy(production, v2).plan(p.id()).call())
                .hasMessageContaining("--image " + v2 + " was given, but the plan has " + v1);
        assertThatThrownBy(() -> deploy(production, null).plan(p.id()).approvedBy(" ").call())
                .hasMessageContaining("--approved-by is empty");
        assertThat(state(production)).isEqualTo(before);
    }

    @Test
    void anImageNeverProvenOnStagingIsRefusedUnlessForcedWithAReasonWhichIsRecorded() throws Exception {
        deployedCommit();
        String c = commit("hotfix");
        PinnedPlan p = plan(production, v3).commit(c).call().pinnedPlan();
        assertThat(p.promotion()).startsWith("NOT proven: " + v3 + " (" + imageId(v3));
        assertThat(p.refusals()).singleElement().asString().contains("--force-unproven");
        String before = state(production);
        assertThatThrownBy(() -> deploy(production, v3).commit(c).call())
                .isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PRECONDITION))
                .hasMessageContaining("(nothing changed): NOT proven")
                .hasMessageContaining("never deployed and found healthy on pp-staging")
                .hasMessageContaining("--force-unproven REASON");
        assertThat(state(production)).isEqualTo(before);

        assertDeployed(deploy(production, v3).commit(c).forceUnproven("hotfix for ticket 42, staging is down").call());
        Map<String, Object> details = lastDeploy(production).details();
        assertThat(details).containsEntry("forceUnproven", "hotfix for ticket 42, staging is down").containsEntry("imageId", imageId(v3));
        assertThat((String) details.get("promotion")).startsWith("NOT proven");
    }

    @Test
    void aCommitThatDoesNotDescendFromTheDeployedOneIsRefusedUnlessForcedWithAReasonWhichIsRecorded() throws Exception {
        String deployed = deployedCommit();
        String tip = commit("on top of the deployed one"); // not deployed: the deployed commit gets a child
        RevCommit deployedCommit = git.getRepository().parseCommit(git.getRepository().resolve(deployed));
        String parent = deployedCommit.getParent(0).getName();
        String before = state(production);
        assertThatThrownBy(() -> deploy(production, v1).commit(parent).call())
                .isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PRECONDITION))
                .hasMessageContaining("NOT linear: a rewind: " + parent + " is an ancestor of the deployed " + deployed)
                .hasMessageContaining("--force-non-linear REASON");
        git.checkout().setName(parent).call();
        String divergent = commit("a branch that forked before the deployed commit");
        assertThatThrownBy(() -> deploy(production, v1).commit(divergent).call())
                .hasMessageContaining("NOT linear: divergent history: " + divergent + " does not descend from the deployed " + deployed)
                .hasMessageContaining("they fork at " + parent);
        assertThat(state(production)).isEqualTo(before);
        assertThat(tip).isNotEqualTo(divergent);

        assertDeployed(deploy(production, v1).commit(divergent).forceNonLinear("revert of the broken release").call());
        Map<String, Object> details = lastDeploy(production).details();
        assertThat(details).containsEntry("forceNonLinear", "revert of the broken release").containsEntry("commit", divergent);
        assertThat((String) details.get("lineage")).startsWith("NOT linear: divergent history");
    }

    // ---------------------------------------------------------------------------------------------------------------

    static DeployCommand deploy(Site s, String image) {
        return new DeployCommand(s.env(), s.container(), DOCKER).image(image).update(image == null ? null : UpdateMode.parse("none"))
                .allowSkippedUpdates(true).health(s.health()).repository(repo, List.of("")).build("PinnedPlanIT")
                .lockTimeout(Duration.ofSeconds(30)).promotesFrom(s == production ? staging.env() : null);
    }

    static DeployCommand plan(Site s, String image) {
        return deploy(s, image).dryRun(true);
    }

    static void assertDeployed(DeployResult r) {
        System.out.println("PinnedPlanIT: deploy of " + r.image() + " to " + r.environment() + ": " + r.outcome() + ", phases " + r.phaseMillis());
        assertThat(r.outcome()).as(String.valueOf(r.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
    }

    /** A new commit on top of what the checkout has checked out (by default: production's deployed commit). */
    static String commit(String message) throws Exception {
        Path f = repo.resolve("CHANGES.txt");
        Files.writeString(f, message + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        git.add().addFilepattern("CHANGES.txt").call();
        return git.commit().setMessage(message).setAuthor("PinnedPlanIT", "it@example.invalid")
                .setCommitter("PinnedPlanIT", "it@example.invalid").setSign(false).call().getName();
    }

    /** Checks out production's deployed commit, so that the next {@link #commit} descends from it. */
    static String deployedCommit() throws Exception {
        String deployed;
        try (StateStore st = StateStore.open(production.env())) {
            deployed = st.environments().get(production.env().name()).orElseThrow().commit();
        }
        git.checkout().setName(deployed).call();
        return deployed;
    }

    /** What a refused deploy must leave alone: history, deployed state, the container and its image. */
    static String state(Site s) throws Exception {
        try (StateStore st = StateStore.open(s.env())) {
            List<HistoryEntry> h = st.history().recent(s.env().name(), 1000);
            return h.size() + " history entries, last " + (h.isEmpty() ? "-" : h.get(0).operationId() + " " + h.get(0).result())
                    + "; deployed " + st.environments().get(s.env().name()) + "; container "
                    + DOCKER.containers().inspect(s.container().name()).map(c -> c.id() + " " + c.image() + " " + c.running()).orElse("-");
        }
    }

    static HistoryEntry lastDeploy(Site s) {
        try (StateStore st = StateStore.open(s.env())) {
            return st.history().recent(s.env().name(), 20).stream().filter(h -> h.operation().equals("deploy")).findFirst().orElseThrow();
        }
    }

    static String imageId(String image) {
        return DockerEngine.check(Duration.ofMinutes(1), "image", "inspect", "--format", "{{.Id}}", image).strip();
    }

    /** An image of v1's code with its own id (a label of this run), tagged for this class alone. */
    static String derived(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("image-" + name));
        Files.writeString(dir.resolve("Dockerfile"), "FROM " + v1 + "\nLABEL odoo-release-it.pinned-plan=\"" + name + "-" + RUN + "\"\n");
        String tag = "odoo-release-it/pinned-plan-" + name + ":" + RUN;
        DockerEngine.check(Duration.ofMinutes(5), "build", "-q", "-t", tag, dir.toString());
        ownImages.add(tag);
        return tag;
    }

    static Site site(String db, EnvironmentKind kind) throws Exception {
        PgServer pg = PG.server();
        Path dataDir = Files.createDirectories(tmp.resolve(db));
        StandInContainer.prepareDataDir(dataDir);
        StandInContainer.image(v1).dataDir(dataDir)
                .env("HOST", pg.host()).env("PORT", String.valueOf(pg.port())).env("USER", "deployer").env("PASSWORD", PASSWORD)
                .initDatabase(db);
        StandInContainer.prepareDataDir(dataDir);
        Environment env = Environment.builder(db.replace('_', '-')).kind(kind)
                .database(new DbTarget(pg.host(), pg.port(), db, "deployer", PASSWORD)).dataDir(dataDir).snapshotKind(SnapshotKind.TEMPLATE)
                .jobs(2).build();
        int port = StandIns.freePort();
        OdooContainer container = new OdooContainer("odoo-" + db.replace('_', '-') + "-" + port, "host", List.of(),
                List.of("--http-port=" + port), Map.of(), List.of(), "http://127.0.0.1:" + port, Duration.ofSeconds(10));
        HealthSettings health = HealthSettings.forUrl("http://127.0.0.1:" + port).database(db).expectedSeries("17.0")
                .timeout(Duration.ofSeconds(60)).build();
        return new Site(env, container, health);
    }
}
