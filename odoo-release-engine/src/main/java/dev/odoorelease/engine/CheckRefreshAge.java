package dev.odoorelease.engine;

import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.internal.drift.RefreshAge;
import dev.odoorelease.engine.internal.state.StateStore;
import java.time.Instant;
import java.util.Optional;

/**
 * The warning of an environment with a {@code maxAge} whose data was last refreshed (cloned) longer ago, or never
 * ({@link OdooRelease#refreshAge()}). Read-only.
 */
public final class CheckRefreshAge {
    private final OdooRelease release;
    private String environment;

    CheckRefreshAge(OdooRelease release) {
        this.release = release;
    }

    public CheckRefreshAge environment(String name) {
        this.environment = name;
        return this;
    }

    /**
     * The warning; empty without a maxAge, when recent enough, or when the environment's state cannot be read (a
     * health check, which shows it, does not need that state).
     */
    public Optional<String> call() {
        EnvironmentConfig e = release.environment(environment);
        if (e.maxAge().isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<StateStore> opened = StateStore.openIfExists(e.environment());
            Optional<Instant> last = Optional.empty();
            if (opened.isPresent()) {
                try (StateStore store = opened.get()) {
                    last = RefreshAge.lastRefresh(store, e.name());
                }
            }
            return RefreshAge.warning(e.name(), last, e.maxAge().get(), Instant.now());
        } catch (OdooReleaseException unreadable) {
            return Optional.empty();
        }
    }
}
