package dev.odoorelease.engine.internal.drift;

import dev.odoorelease.engine.config.MaxAge;
import dev.odoorelease.engine.result.HistoryEntry;
import dev.odoorelease.engine.internal.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** How old an environment's data is: when a clone last replaced it, and the warning a {@code maxAge} gives past that. */
public final class RefreshAge {
    /** History entries looked through for the last clone. */
    private static final int LOOK_BACK = 1000;

    private RefreshAge() {
    }

    /** When a clone (a stage clone's copy, or a plain clone) last replaced the environment's data, from its history. */
    public static Optional<Instant> lastRefresh(StateStore store, String environment) {
        for (HistoryEntry h : store.history().recent(environment, LOOK_BACK)) {
            if ("clone".equals(h.operation()) && "ok".equals(h.result())) {
                return Optional.of(h.finishedAt() != null ? h.finishedAt() : h.startedAt());
            }
        }
        return Optional.empty();
    }

    /**
     * The warning for an environment refreshed at {@code last} (empty: never) with {@code maxAge}; empty when there is no
     * maxAge or the refresh is recent enough.
     */
    public static Optional<String> warning(String environment, Optional<Instant> last, Duration maxAge, Instant now) {
        if (maxAge == null) {
            return Optional.empty();
        }
        if (last.isEmpty()) {
            return Optional.of(environment + " was never refreshed by odoo-release, and its maxAge is " + MaxAge.format(maxAge)
                    + ": refresh it from production (odoo-release stage-clone).");
        }
        Duration age = Duration.between(last.get(), now);
        if (age.compareTo(maxAge) <= 0) {
            return Optional.empty();
        }
        return Optional.of(environment + " was last refreshed " + describe(age) + " ago (" + last.get() + "), past its maxAge of "
                + MaxAge.format(maxAge) + ": it no longer shows production as it is. Refresh it (odoo-release stage-clone).");
    }

    /** "31 days", "5 hours". */
    static String describe(Duration age) {
        return age.toDays() >= 2 ? age.toDays() + " days" : age.toHours() + " hours";
    }
}
