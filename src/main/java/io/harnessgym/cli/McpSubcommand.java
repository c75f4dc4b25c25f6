package io.harnessgym.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.error.ExitCode;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every {@code mcp} subcommand has. */
abstract class McpSubcommand implements Callable<Integer> {
    @ParentCommand
    McpCommand parent;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption output;

    Workspace workspace() {
        return parent.root.workspace();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    int report(JsonNode json, String text, ExitCode code) {
        out().println(output.json ? Json.pretty(json) : text);
        return code.code();
    }
}
