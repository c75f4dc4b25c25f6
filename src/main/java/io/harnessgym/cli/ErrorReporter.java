package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.text.Terminal;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place exceptions become exit codes and messages: one plain line on stderr, with the stack
 * trace only under {@code --debug}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final HarnessGymCommand root;

    ErrorReporter(HarnessGymCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(
            Exception exception, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        ExitCode code;
        String message;
        if (exception instanceof HarnessGymException e) {
            code = e.exitCode();
            message = e.getMessage();
        } else if (exception instanceof UncheckedIOException e) {
            code = ExitCode.BAD_INPUT;
            message = e.getMessage();
        } else {
            code = ExitCode.INTERNAL;
            message =
                    "internal error: "
                            + exception
                            + (root.debug() ? "" : " (run with --debug for details)");
        }
        err.println("harnessgym: error: " + oneLine(message));
        if (root.debug()) {
            exception.printStackTrace(err);
        }
        err.flush();
        return code.code();
    }

    @Override
    public int handleParseException(ParameterException exception, String[] args) {
        CommandLine commandLine = exception.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("harnessgym: error: " + oneLine(exception.getMessage()));
        err.println(
                "Try '"
                        + commandLine.getCommandSpec().qualifiedName()
                        + " --help' for more information.");
        err.flush();
        return ExitCode.USAGE.code();
    }

    private static String oneLine(String message) {
        return Terminal.line(message);
    }
}
