package dev.odoorelease.engine.internal.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Long SQL kept in {@code .sql} resources next to the class that runs it. */
public final class SqlResource {
    private SqlResource() {
    }

    /** The text of resource {@code name}, relative to {@code anchor}'s package; a missing one is a packaging bug. */
    public static String load(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the engine jar next to " + anchor.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
