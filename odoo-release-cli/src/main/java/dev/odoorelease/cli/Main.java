package dev.odoorelease.cli;

import dev.odoorelease.engine.OdooReleaseException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code odoo-release}: the engine's release operations from a shell. */
@Command(name = "odoo-release", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Safe Odoo releases: snapshots, staging clones, deploys with automatic rollback.")
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit status (see docs/cli.md for the codes). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof OdooReleaseException ore) {
                commandLine.getErr().println("error: " + ore.getMessage());
                return ore.errorCode().exitCode();
            }
            throw ex;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"odoo-release " + (v == null ? "(development build)" : v)};
        }
    }
}
