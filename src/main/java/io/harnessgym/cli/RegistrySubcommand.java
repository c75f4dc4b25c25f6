package io.harnessgym.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.error.ExitCode;
import io.harnessgym.registry.RegistryService;
import io.harnessgym.workspace.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every {@code registry} subcommand has: its parent, its streams, and {@code --json}. */
abstract class RegistrySubcommand implements Callable<Integer> {
    @ParentCommand
    RegistryCommand parent;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption output;

    RegistryService service() {
        return parent.service();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean json() {
        return output.json;
    }

    /** Prints the JSON report under {@code --json}, else the text; either way the command succeeded. */
    int report(JsonNode json, String text) {
        out().println(json() ? Json.pretty(json) : text);
        return ExitCode.OK.code();
    }
}
