package dev.odoorelease.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One run of the CLI in the test's JVM, as a user types it ({@code odoo-release --config F args}), with the given
 * environment variables: its exit code and what it wrote, also echoed to the test's output.
 */
record CliRun(int exit, String out, String err) {
    static CliRun of(Path config, Function<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        int exit = Main.execute(new PrintWriter(out), new PrintWriter(err), env, all.toArray(String[]::new));
        CliRun r = new CliRun(exit, out.toString(), err.toString());
        System.out.println("$ odoo-release " + String.join(" ", args) + "\n" + r.out + r.err + "(exit " + r.exit + ")");
        return r;
    }

    /** The standard output as JSON (a run with {@code --json}). */
    JsonNode json() throws IOException {
        return Output.JSON.readTree(out);
    }
}
