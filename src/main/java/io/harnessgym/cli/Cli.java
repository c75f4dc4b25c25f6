package io.harnessgym.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Builds the picocli command tree and runs it with the one error handler. */
public final class Cli {
    private Cli() {}

    /**
     * Runs one command. Stdout is buffered and flushed once at the end (a 2,000-row table is one
     * write, not 2,000); stderr is flushed per line so that progress and errors show at once.
     * With {@code HARNESSGYM_TIMING=1} the time since {@code main} is printed on stderr.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        long started = System.nanoTime();
        PrintWriter outWriter = new PrintWriter(new java.io.BufferedWriter(
                new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16), false);
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            return newCommandLine(outWriter, errWriter).execute(args);
        } finally {
            outWriter.flush();
            if ("1".equals(System.getenv("HARNESSGYM_TIMING"))) {
                errWriter.printf("harnessgym: timing: %d ms since main%n", (System.nanoTime() - started) / 1_000_000);
            }
            errWriter.flush();
        }
    }

    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        HarnessGymCommand root = new HarnessGymCommand();
        CommandLine commandLine = new CommandLine(root);
        ErrorReporter reporter = new ErrorReporter(root);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(reporter);
        commandLine.setParameterExceptionHandler(reporter);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }
}
