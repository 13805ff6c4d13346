package dev.odoorelease.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one throwaway {@link PgServer} per test class and stops it afterwards. Register as a
 * static field; use two for a production and a staging server:
 *
 * <pre>{@code
 * @RegisterExtension static final PgServerExtension PROD = PgServerExtension.named("production");
 * @RegisterExtension static final PgServerExtension STAGING = PgServerExtension.named("staging");
 * ... PROD.server().connect("db") ...
 * }</pre>
 */
public final class PgServerExtension implements BeforeAllCallback, AfterAllCallback {
    private final String name;
    private final PgServer.Options options;
    private PgServer server;

    private PgServerExtension(String name, PgServer.Options options) {
        this.name = name;
        this.options = options;
    }

    public static PgServerExtension named(String name) {
        return new PgServerExtension(name, PgServer.Options.FAST);
    }

    public static PgServerExtension named(String name, PgServer.Options options) {
        return new PgServerExtension(name, options);
    }

    public PgServer server() {
        if (server == null) {
            throw new IllegalStateException("PgServerExtension '" + name + "' is not started: register it as a static @RegisterExtension field");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = PgServer.start(name, options);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
