package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.workspace.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code harnessgym registry quarantine ID --reason TEXT}. */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = "Quarantine an artifact: it is never activated until unquarantined.")
final class RegistryQuarantineCommand implements Callable<Integer> {
    @ParentCommand
    RegistryCommand parent;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption output;

    @Parameters(paramLabel = "ID", description = "The artifact id.")
    String id;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; recorded in the registry.")
    String reason;

    @Override
    public Integer call() {
        ArtifactReport report = parent.service().quarantine(id, reason);
        if (output.json) {
            spec.commandLine().getOut().println(Json.pretty(ReportJson.summary(report)));
        } else {
            spec.commandLine().getOut().println("quarantined " + report.artifact().id() + ": " + reason.strip());
        }
        return ExitCode.OK.code();
    }
}
