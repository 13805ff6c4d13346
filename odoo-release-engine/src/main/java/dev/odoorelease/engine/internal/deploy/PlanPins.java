package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.config.MaxAge;
import dev.odoorelease.engine.internal.drift.RefreshAge;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.internal.db.DatabaseIdentity;
import dev.odoorelease.engine.internal.state.DeployPlans;
import dev.odoorelease.engine.internal.state.Rehearsals;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.result.ModulePlan;
import dev.odoorelease.engine.result.PinnedPlan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Pinned deploy plans: the facts a plan shows (image id and digest, commit, module plan, snapshot, expected downtime,
 * what runs now, the environment's last operation and database identity, the promotion and lineage verdicts), their
 * hash (the plan id), storing them, and the comparison a deploy given the id makes under the lock.
 */
final class PlanPins {
    /** A plan id: 16 lower-case hex digits. */
    static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

    private PlanPins() {
    }

    /** The facts of a deploy of {@code cmd} now, without id and times. */
    static PinnedPlan compute(DeployCommand cmd, Environment env, StateStore store, DeployContext.Current current,
                              Map<String, String> installed, ModulePlan plan, String imageId, String imageDigest) {
        String promotion = null;
        String lineage = null;
        List<String> refusals = new ArrayList<>();
        if (cmd.promotesFrom() != null) {
            Environment source = cmd.promotesFrom();
            Optional<String> proof = proof(source, imageId, imageDigest);
            promotion = proof.map(p -> "proven: deployed and found healthy on " + source.name() + " (" + p + ")")
                    .orElse("NOT proven: " + cmd.image() + " (" + imageId + (imageDigest == null ? "" : ", " + imageDigest)
                            + ") was never deployed and found healthy on " + source.name());
            if (proof.isPresent() && cmd.promotesFromMaxAge() != null) {
                promotion += staleProof(source, cmd.promotesFromMaxAge()).map(w -> "; " + w).orElse("");
            }
            if (proof.isEmpty() && cmd.forceUnproven() == null) {
                refusals.add(promotion + ". Deploy it to " + source.name() + " first, or override with --force-unproven REASON "
                        + "(odooDeploy forceUnproven: 'REASON'), which is recorded.");
            }
            CommitLineage.Verdict v = CommitLineage.check(cmd.repository(), current.commit(), cmd.commit());
            lineage = (v.linear() ? "linear: " : "NOT linear: ") + v.text();
            if (!v.linear() && cmd.forceNonLinear() == null) {
                refusals.add(lineage + ". Deploy a commit that descends from the deployed one (merge, do not rewind), or override "
                        + "with --force-non-linear REASON (odooDeploy forceNonLinear: 'REASON'), which is recorded.");
            }
        }
        if (!plan.warnings().isEmpty() && !cmd.allowSkippedUpdates()) {
            refusals.add("the new code may not match the database's schema: " + String.join("; ", plan.warnings())
                    + " (allow with --allow-skipped-updates)");
        }
        long[] downtime = expectedDowntime(store, env, plan.updatesSomething());
        String downtimeText = downtime == null ? "unknown: no earlier deploy of " + env.name() + (plan.updatesSomething()
                ? " that updated modules" : " without a module update") + " is recorded" : describe(downtime, plan.updatesSomething());
        // the last rehearsal of this very image on the environment's own data: its update time is the better prediction
        Optional<Rehearsals.Last> rehearsed = store == null ? Optional.empty() : new Rehearsals(store).last(env.name(), imageId, imageDigest);
        String rehearsal = rehearsed.map(r -> (r.passed() ? "passed: rehearsal " : "FAILED: rehearsal ") + r.operationId() + " at "
                + r.finishedAt() + " on " + env.name() + "'s snapshot" + (r.passed() ? (r.updateMillis() < 0 ? ", without a module update"
                : "; its module update took " + Sizes.human(Duration.ofMillis(r.updateMillis()))) : ": " + r.failure()))
                .orElse("none: " + cmd.image() + " was never rehearsed on " + env.name() + " (odoo-release rehearse " + env.name()
                        + " --image " + cmd.image() + ")");
        if (rehearsed.isPresent() && rehearsed.get().passed() && rehearsed.get().updateMillis() >= 0 && plan.updatesSomething()) {
            long update = rehearsed.get().updateMillis();
            long rest = downtime == null ? 0 : Math.max(0, downtime[0] - Math.max(0, downtime[1]));
            downtime = new long[] {update + rest, update, downtime == null ? 0 : downtime[2]};
            downtimeText = "about " + Sizes.human(Duration.ofMillis(update + rest)) + " (module update " + Sizes.human(Duration.ofMillis(update))
                    + " as rehearsal " + rehearsed.get().operationId() + " measured it on " + env.name() + "'s data"
                    + (rest > 0 ? ", plus " + Sizes.human(Duration.ofMillis(rest)) + " of stop, snapshot and start from the last "
                    + downtime[2] + " deploy(s)" : "; stop, snapshot and start not included: no earlier deploy is recorded") + ")";
        }
        if (rehearsed.isPresent() && !rehearsed.get().passed() && cmd.forceFailedRehearsal() == null) {
            refusals.add("the last rehearsal of this image FAILED (" + rehearsal.substring("FAILED: ".length()) + "). Fix the upgrade and "
                    + "rehearse again (odoo-release rehearse " + env.name() + " --image IMAGE), or override with --force-failed-rehearsal "
                    + "REASON (odooDeploy forceFailedRehearsal: 'REASON'), which is recorded.");
        }
        return new PinnedPlan(null, env.name(), null, null, cmd.image(), imageId, imageDigest, cmd.commit(), cmd.update().toString(),
                plan.updateArg(), plan.reasons(), installedSummary(installed),
                cmd.snapshotKind().id() + " snapshot of database " + env.db().database() + " and filestore " + env.filestore()
                        + ", taken after the running container is stopped",
                downtime == null ? null : downtime[0], downtimeText, current.image(), current.commit(),
                store == null ? "none" : store.history().lastChange(env.name()), databaseIdentity(env), promotion, lineage,
                cmd.forceUnproven(), cmd.forceNonLinear(), rehearsal, cmd.forceFailedRehearsal(), refusals);
    }

    /** The plan with its id (the hash of its facts) and the times it was stored with. */
    static PinnedPlan store(StateStore store, PinnedPlan p, Duration validity) {
        String id = idOf(p);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("image", p.image());
        inputs.put("commit", p.commit());
        inputs.put("update", p.update());
        inputs.put("forceUnproven", p.forceUnproven());
        inputs.put("forceNonLinear", p.forceNonLinear());
        inputs.put("forceFailedRehearsal", p.forceFailedRehearsal());
        DeployPlans.Stored s = store.plans().save(id, p.environment(), validity, inputs, p.facts());
        return withId(p, id, s);
    }

    static PinnedPlan withId(PinnedPlan p, String id, DeployPlans.Stored s) {
        return new PinnedPlan(id, p.environment(), s.createdAt(), s.expiresAt(), p.image(), p.imageId(), p.imageDigest(), p.commit(),
                p.update(), p.modules(), p.moduleReasons(), p.installedModules(), p.snapshot(), p.expectedDowntimeMillis(),
                p.expectedDowntime(), p.runningImage(), p.runningCommit(), p.lastOperation(), p.database(), p.promotion(),
                p.lineage(), p.forceUnproven(), p.forceNonLinear(), p.rehearsal(), p.forceFailedRehearsal(), p.refusals());
    }

    static String idOf(PinnedPlan p) {
        StringBuilder b = new StringBuilder();
        p.facts().forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plan id as {@code plan} prints them, or the error that says so (nothing changed). */
    static String requireId(String id, Environment env) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to deploy to " + env.name() + " with plan '" + id
                    + "' (nothing changed): not a plan id (16 hex digits, as `odoo-release plan` prints). Plan again: "
                    + "odoo-release plan " + env.name() + " --image IMAGE.");
        }
        return id;
    }

    /** The stored plan of that id for {@code env}, or the error that says there is none (nothing changed). */
    static DeployPlans.Stored lookup(Optional<StateStore> store, String id, Environment env) {
        requireId(id, env);
        Optional<DeployPlans.Stored> s = store.flatMap(st -> st.plans().find(id));
        if (s.isEmpty()) {
            throw new OdooReleaseException(ErrorCode.NOT_FOUND, "Unable to deploy to " + env.name() + " with plan " + id
                    + " (nothing changed): no plan of that id is stored in " + env.name() + "'s state database " + env.stateDatabase()
                    + " on " + env.db().server() + ". Check the id, or plan again: odoo-release plan " + env.name() + " --image IMAGE.");
        }
        if (!s.get().environment().equals(env.name())) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to deploy to " + env.name() + " with plan " + id
                    + " (nothing changed): it is a plan for " + s.get().environment() + ", not " + env.name()
                    + ". Deploy it to " + s.get().environment() + ", or plan " + env.name() + " itself.");
        }
        return s.get();
    }

    /** Refuses an expired plan (by the database server's clock). */
    static void requireNotExpired(DeployPlans.Stored s, Environment env) {
        if (s.expired()) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to deploy to " + env.name() + " with plan " + s.id()
                    + " (nothing changed): the plan expired at " + s.expiresAt() + " (made " + s.createdAt()
                    + "). Plan again and have the new plan approved.");
        }
    }

    /** Refuses, naming each fact that differs, when the plan recomputed now is not the approved one. */
    static void requireSame(DeployPlans.Stored s, PinnedPlan now, Environment env) {
        List<String> changed = new ArrayList<>();
        now.facts().forEach((k, v) -> {
            String was = s.facts().get(k);
            if (!java.util.Objects.equals(was, v)) {
                changed.add(k + ": was " + was + ", now " + v);
            }
        });
        if (!changed.isEmpty()) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to deploy to " + env.name() + " with plan " + s.id()
                    + " (nothing changed): what would be deployed is no longer what was planned and approved: "
                    + String.join("; ", changed) + ". Plan again and have the new plan approved.");
        }
    }

    /**
     * The deploy's inputs not given again taken from the stored plan; an input given that differs from the plan is
     * refused (nothing changed).
     */
    static void takeInputs(DeployCommand cmd, DeployPlans.Stored s, Environment env) {
        Map<String, String> in = s.inputs();
        cmd.image(pick("image", cmd.image(), in.get("image"), s, env));
        cmd.commit(pick("commit", cmd.commit(), in.get("commit"), s, env));
        String update = pick("update", cmd.updateGiven() ? cmd.update().toString() : null, in.get("update"), s, env);
        cmd.update(update == null ? null : dev.odoorelease.engine.config.UpdateMode.parse(update));
        cmd.forceUnproven(pick("force-unproven", cmd.forceUnproven(), in.get("forceUnproven"), s, env));
        cmd.forceNonLinear(pick("force-non-linear", cmd.forceNonLinear(), in.get("forceNonLinear"), s, env));
        cmd.forceFailedRehearsal(pick("force-failed-rehearsal", cmd.forceFailedRehearsal(), in.get("forceFailedRehearsal"), s, env));
    }

    private static String pick(String what, String given, String planned, DeployPlans.Stored s, Environment env) {
        if (given == null) {
            return planned;
        }
        if (!given.equals(planned)) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to deploy to " + env.name() + " with plan " + s.id()
                    + " (nothing changed): --" + what + " " + given + " was given, but the plan has " + (planned == null ? "none"
                    : planned) + ". Leave it out to deploy the plan as approved, or plan again with it.");
        }
        return given;
    }

    /** Whether the source environment's history has a successful deploy of this image (by id or digest). */
    /**
     * When the source's data was refreshed longer ago than its maxAge (or never): the proof comes from a stale copy.
     * Worded with the refresh's time, not the age, so that the plan's facts stay the same until the next refresh.
     */
    static Optional<String> staleProof(Environment source, Duration maxAge) {
        Optional<StateStore> st = StateStore.openIfExists(source);
        try {
            Optional<java.time.Instant> last = st.flatMap(s -> RefreshAge.lastRefresh(s, source.name()));
            if (RefreshAge.warning(source.name(), last, maxAge, java.time.Instant.now()).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of("STALE PROOF: " + source.name() + "'s data is older than its maxAge " + MaxAge.format(maxAge)
                    + " (" + last.map(t -> "last refreshed " + t).orElse("never refreshed by odoo-release")
                    + "): it was proven on a copy that no longer shows production as it is; refresh " + source.name()
                    + " and deploy there again first");
        } finally {
            st.ifPresent(StateStore::close);
        }
    }

    private static Optional<String> proof(Environment source, String imageId, String imageDigest) {
        Optional<StateStore> st = StateStore.openIfExists(source);
        try {
            return st.flatMap(s -> s.history().deployedAndHealthy(source.name(), imageId, imageDigest));
        } finally {
            st.ifPresent(StateStore::close);
        }
    }

    /** {median downtime, median update time or -1, how many deploys} of the earlier deploys like this one; null: none. */
    private static long[] expectedDowntime(StateStore store, Environment env, boolean updates) {
        if (store == null) {
            return null;
        }
        List<long[]> t = store.history().deployTimings(env.name(), updates, 5);
        if (t.isEmpty()) {
            return null;
        }
        long down = median(t.stream().mapToLong(x -> x[0]).toArray());
        long[] ups = t.stream().mapToLong(x -> x[1]).filter(x -> x >= 0).toArray();
        return new long[] {down, ups.length == 0 ? -1 : median(ups), t.size()};
    }

    private static String describe(long[] d, boolean updates) {
        return "about " + Sizes.human(Duration.ofMillis(d[0])) + " (median downtime of the last " + d[2] + " deploy(s)"
                + (updates ? " that updated modules" : " without a module update")
                + (d[1] < 0 ? "" : "; their module update took " + Sizes.human(Duration.ofMillis(d[1]))) + ")";
    }

    private static long median(long[] xs) {
        long[] s = xs.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    /** How many modules are installed and a hash of their names and versions: any install, removal or upgrade changes it. */
    private static String installedSummary(Map<String, String> installed) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(installed).forEach((m, v) -> b.append(m).append('=').append(v).append('\n'));
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return installed.size() + " modules, " + HexFormat.of().formatHex(h).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The database's identity: server, name and oid (a restore or a clone swaps in a database with a new oid). */
    private static String databaseIdentity(Environment env) {
        DatabaseIdentity id = DatabaseIdentity.of(env.db());
        return id.database() + " (oid " + id.oid() + ") on server " + (id.systemIdentifier() == null ? "started " + id.startedAt()
                : id.systemIdentifier());
    }
}
