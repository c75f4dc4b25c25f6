package io.harnessgym.testing;

import io.harnessgym.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process through picocli with captured stdout and stderr. */
public record CliRun(int exitCode, String out, String err) {
    public static CliRun run(String... args) {
        return run(TestState.env(), args);
    }

    /** The same with {@code env} as the CLI's environment. */
    public static CliRun run(java.util.Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                Cli.newCommandLine(
                                new PrintWriter(out, true), new PrintWriter(err, true), args, env)
                        .execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
