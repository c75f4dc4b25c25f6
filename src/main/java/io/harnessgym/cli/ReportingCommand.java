package io.harnessgym.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.error.ExitCode;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** A command that reports: its streams, {@code --json}, and printing a report either way. */
abstract class ReportingCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin JsonOption output;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean json() {
        return output.json;
    }

    /** Prints the JSON report under {@code --json}, else the text, and returns the exit code. */
    int report(JsonNode json, String text, ExitCode code) {
        // Reports quote agent-written text: controls are escaped, our own line breaks kept.
        out().println(json() ? Json.pretty(json) : Terminal.keepLines(text));
        return code.code();
    }

    int report(JsonNode json, String text) {
        return report(json, text, ExitCode.OK);
    }
}
