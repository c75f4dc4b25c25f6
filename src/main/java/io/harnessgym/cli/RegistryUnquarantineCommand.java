package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.workspace.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code harnessgym registry unquarantine ID}. */
@Command(name = "unquarantine", mixinStandardHelpOptions = true,
        description = "Lift a quarantine; the artifact is unqualified until it passes qualification again.")
final class RegistryUnquarantineCommand implements Callable<Integer> {
    @ParentCommand
    RegistryCommand parent;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption output;

    @Parameters(paramLabel = "ID", description = "The artifact id.")
    String id;

    @Override
    public Integer call() {
        ArtifactReport report = parent.service().unquarantine(id);
        if (output.json) {
            spec.commandLine().getOut().println(Json.pretty(ReportJson.summary(report)));
        } else {
            spec.commandLine().getOut().println("unquarantined " + report.artifact().id() + " (now " + report.state().id() + ")");
        }
        return ExitCode.OK.code();
    }
}
