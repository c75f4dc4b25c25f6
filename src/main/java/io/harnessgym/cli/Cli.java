package io.harnessgym.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Builds the picocli command tree and runs it with the one error handler. */
public final class Cli {
    private static final java.util.Map<String, java.util.function.Supplier<Object>> SUBCOMMANDS =
            subcommands();

    private Cli() {}

    private static java.util.Map<String, java.util.function.Supplier<Object>> subcommands() {
        java.util.Map<String, java.util.function.Supplier<Object>> map =
                new java.util.LinkedHashMap<>();
        map.put("registry", RegistryCommand::new);
        map.put("mcp", McpCommand::new);
        map.put("telemetry", TelemetryCommand::new);
        map.put("activate", ActivateCommand::new);
        map.put("deactivate", DeactivateCommand::new);
        map.put("state", StateCommand::new);
        map.put("snapshot", SnapshotCommand::new);
        map.put("qualify", QualifyCommand::new);
        map.put("agent", AgentCommand::new);
        map.put("run", RunCommand::new);
        map.put("demo", DemoCommand::new);
        map.put("runs", RunsCommand::new);
        map.put("task", TaskCommand::new);
        map.put("compare", CompareCommand::new);
        map.put("report", ReportCommand::new);
        map.put("help", picocli.CommandLine.HelpCommand::new);
        return map;
    }

    /**
     * Whether the arguments name a subcommand (all of which read JSON), not only options such as
     * --version.
     */
    public static boolean namesSubcommand(String[] args) {
        return subcommandName(args) != null;
    }

    /** The first word that is not an option (or the value of {@code --workspace}), or null. */
    static String subcommandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--workspace")) {
                i++;
            } else if (arg.equals("help")) {
                return null;
            } else if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return null;
    }

    /**
     * Runs one command. Stdout is buffered and flushed once at the end (a 2,000-row table is one
     * write, not 2,000); stderr is flushed per line so that progress and errors show at once. With
     * {@code HARNESSGYM_TIMING=1} the time since {@code main} is printed on stderr.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /** {@link #run(String[], PrintStream, PrintStream)} with the environment given. */
    public static int run(
            String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        long started = System.nanoTime();
        PrintWriter outWriter =
                new PrintWriter(
                        new java.io.BufferedWriter(
                                new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8),
                                1 << 16),
                        false);
        PrintWriter errWriter =
                new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        int code = io.harnessgym.error.ExitCode.INTERNAL.code();
        try {
            code = newCommandLine(outWriter, errWriter, args, env).execute(args);
        } finally {
            // PrintWriter swallows write errors; a report cut short (a full disk, a closed pipe)
            // must not look like success.
            // Both swallow write errors: the writer's own flag, and the PrintStream's below it.
            boolean cut = outWriter.checkError() | out.checkError();
            if (cut && code == io.harnessgym.error.ExitCode.OK.code()) {
                errWriter.println(
                        "harnessgym: error: could not write the whole report to standard output"
                                + " (a full disk or a closed pipe?)");
                code = io.harnessgym.error.ExitCode.BAD_INPUT.code();
            }
            if ("1".equals(System.getenv("HARNESSGYM_TIMING"))) {
                errWriter.printf(
                        "harnessgym: timing: %d ms since main%n",
                        (System.nanoTime() - started) / 1_000_000);
            }
            errWriter.flush();
        }
        return code;
    }

    /** The whole command tree (for tests and help). */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        return newCommandLine(out, err, new String[0], System.getenv());
    }

    /**
     * The command tree for these arguments: picocli builds each command by reflection (about 140 ms
     * for all of them, on every start), so only the subcommand the arguments name is added; the
     * whole tree when they name none, or an unknown one, so that help and suggestions stay
     * complete. A lone {@code --version} needs none.
     */
    public static CommandLine newCommandLine(
            PrintWriter out, PrintWriter err, String[] args, Map<String, String> env) {
        HarnessGymCommand root = new HarnessGymCommand(env);
        CommandLine commandLine = new CommandLine(root);
        String wanted = subcommandName(args);
        boolean versionOnly =
                args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        SUBCOMMANDS.forEach(
                (name, factory) -> {
                    if (!versionOnly
                            && (wanted == null
                                    || !SUBCOMMANDS.containsKey(wanted)
                                    || wanted.equals(name))) {
                        commandLine.addSubcommand(name, factory.get());
                    }
                });
        ErrorReporter reporter = new ErrorReporter(root);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(reporter);
        commandLine.setParameterExceptionHandler(reporter);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }
}
