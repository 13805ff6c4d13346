package dev.odoorelease.cli;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.ConfigFile;
import dev.odoorelease.engine.config.ReleaseConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code odoo-release}: the engine's release operations from a shell, a thin layer over {@link OdooRelease}.
 * Results go to stdout (text, or one JSON document with {@code --json}); progress and errors go to stderr;
 * the exit status is the error category's ({@link ErrorCode#exitCode()}, documented in docs/cli.md).
 */
@Command(name = "odoo-release", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        usageHelpAutoWidth = true, sortOptions = false,
        description = "Safe Odoo releases: snapshots, staging clones, deploys with automatic rollback.%n"
                + "Environments come from a YAML configuration file (docs/configuration.md); secrets from environment "
                + "variables or files, never from arguments.",
        subcommands = {
            Commands.TakeSnapshot.class, Commands.Snapshots.class, Commands.Restore.class, Commands.StageClone.class, Commands.Refresh.class,
            Commands.Drift.class, Commands.Rehearse.class, Commands.Plan.class, Commands.Deploy.class, Commands.Health.class, Commands.Rollback.class, Commands.Status.class,
            Commands.Recover.class, PreviewCommands.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:success (a plan, a deploy, a healthy environment, a sound snapshot)",
            " 1:unexpected error (a bug: please report it with --debug output)",
            " 2:bad configuration or arguments (unknown environment, invalid name, missing config)",
            " 3:a program or server this needs is missing (pg_dump, docker)",
            " 4:database server unreachable or credentials refused",
            " 5:SQL error",
            " 6:an external program failed (pg_dump, pg_restore, docker)",
            " 7:refused by a guard rail (production as clone target, promotion from the wrong branch)",
            " 8:not found (database, filestore, snapshot)",
            " 9:verification failed (snapshot, scrubbed staging copy), a failed rehearsal",
            "10:not healthy",
            "11:another operation holds the environment's lock",
            "12:the deploy failed and was rolled back",
            "13:the rollback failed too: manual recovery needed",
            "14:disk full or other I/O failure",
            "15:interrupted"},
        footerHeading = "%n",
        footer = "Run `odoo-release <command> --help` for a command's options. Documentation: docs/cli.md.")
public final class Main implements Runnable {
    /** Exit status of an error that is not one of the engine's categories: a bug. */
    static final int UNEXPECTED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Configuration file (default: $ODOO_RELEASE_CONFIG, else ./odoo-release.yml).")
    Path config;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print the result as one JSON document on stdout (errors too), for machines.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = "--lock-timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for another operation on the same environment (default: 10m).")
    Duration lockTimeout = Duration.ofMinutes(10);

    @Option(names = "--branch", scope = ScopeType.INHERIT, paramLabel = "BRANCH",
            description = "The branch this build is of (CI; default $ODOO_RELEASE_BRANCH): production only accepts its mapped branches.")
    String branch;

    @Option(names = "--build", scope = ScopeType.INHERIT, paramLabel = "TEXT",
            description = "Who or which build runs this, recorded in the history (default: $ODOO_RELEASE_BUILD, else cli <user>@<host>).")
    String build;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of unexpected errors.")
    boolean debug;

    private final Function<String, String> environment;
    private Output output;

    Main(Function<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(execute(out, err, System::getenv, args));
    }

    /**
     * Runs the CLI; {@code environment} is where {@code passwordEnv} secrets and the {@code ODOO_RELEASE_*} defaults are
     * read from (the process environment, or a test's map).
     */
    public static int execute(PrintWriter out, PrintWriter err, Function<String, String> environment, String... args) {
        Main main = new Main(environment);
        CommandLine cl = new CommandLine(main);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine c = ex.getCommandLine();
            String name = c.getCommandSpec().qualifiedName();
            String message = "Unable to run " + name + ": " + ex.getMessage() + ". See `" + name + " --help`.";
            main.output().error(c.getCommandName(), new OdooReleaseException(ErrorCode.CONFIGURATION, message));
            return ErrorCode.CONFIGURATION.exitCode();
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> main.output().failure(c.getCommandName(), ex, main.debug));
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        cl.setExecutionStrategy(parseResult -> {
            // `odoo-release <unknown> --help`: with a help option, picocli skips its check of unmatched arguments and prints
            // the main help (exit 0) — as if the unknown command existed. It does not: a usage error, like without --help.
            List<String> unmatched = List.of();
            CommandLine.ParseResult last = parseResult;
            for (CommandLine.ParseResult p = parseResult; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
                if (!p.unmatched().isEmpty()) {
                    unmatched = p.unmatched();
                    last = p;
                    break;
                }
            }
            if (!unmatched.isEmpty()) {
                CommandLine c = last.commandSpec().commandLine();
                String name = c.getCommandSpec().qualifiedName();
                String what = last.commandSpec().subcommands().isEmpty() ? "unknown argument" + (unmatched.size() > 1 ? "s " : " ")
                        + String.join(" ", unmatched) : "unknown command '" + unmatched.get(0) + "'" + (unmatched.size() > 1
                        ? " (and " + String.join(" ", unmatched.subList(1, unmatched.size())) + ")" : "");
                return main.output().error(c.getCommandName(), new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to run "
                        + name + ": " + what + ". See `" + name + " --help`" + (last.commandSpec().subcommands().isEmpty() ? ""
                        : " for the commands") + "."));
            }
            return run.execute(parseResult);
        });
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where results, progress and errors go, per the global options. */
    Output output() {
        if (output == null) {
            output = new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), json, quiet);
        }
        return output;
    }

    /** The configuration file this run uses. */
    Path configFile() {
        if (config != null) {
            return config;
        }
        String fromEnv = environment.apply("ODOO_RELEASE_CONFIG");
        return Path.of(fromEnv == null || fromEnv.isBlank() ? "odoo-release.yml" : fromEnv);
    }

    /** The facade over the configured project, with this run's progress, lock timeout, branch and build. */
    OdooRelease release() {
        ReleaseConfig cfg = ConfigFile.load(configFile(), environment);
        output().secrets(cfg.secrets());
        return new OdooRelease(cfg).progress(output().progress()).lockTimeout(lockTimeout).branch(branch())
                .build(buildLabel());
    }

    private String branch() {
        return branch != null ? branch : environment.apply("ODOO_RELEASE_BRANCH");
    }

    private String buildLabel() {
        if (build != null) {
            return build;
        }
        String fromEnv = environment.apply("ODOO_RELEASE_BUILD");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return "cli " + System.getProperty("user.name") + "@" + host;
    }

    /** {@code 90s}, {@code 10m}, {@code 1h}, {@code 500ms}, or ISO-8601 ({@code PT10M}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(value.strip());
            try {
                if (m.matches()) {
                    long v = Long.parseLong(m.group(1));
                    d = switch (m.group(2) == null ? "s" : m.group(2)) {
                        case "ms" -> Duration.ofMillis(v);
                        case "m" -> Duration.ofMinutes(v);
                        case "h" -> Duration.ofHours(v);
                        default -> Duration.ofSeconds(v);
                    };
                } else {
                    d = Duration.parse(value.strip());
                }
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (write e.g. 90s, 10m, 1h)");
            } catch (NumberFormatException | ArithmeticException e) {
                d = MAX.plusSeconds(1);
            }
            if (d.isNegative()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is negative (give 0 not to wait, or e.g. 10m)");
            }
            if (d.compareTo(MAX) > 0) {
                throw new CommandLine.TypeConversionException("'" + value + "' is too long (at most 7 days, 168h)");
            }
            return d;
        }

        /** The longest wait accepted: far beyond any sensible one, far below an overflow. */
        static final Duration MAX = Duration.ofDays(7);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"odoo-release " + (v == null ? "(development build)" : v)};
        }
    }
}
