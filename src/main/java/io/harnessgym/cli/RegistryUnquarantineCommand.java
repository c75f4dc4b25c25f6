package io.harnessgym.cli;

import io.harnessgym.registry.ArtifactReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code harnessgym registry unquarantine ID}. */
@Command(
        name = "unquarantine",
        mixinStandardHelpOptions = true,
        description =
                "Lift a quarantine; the artifact is unqualified until it passes qualification again.")
final class RegistryUnquarantineCommand extends RegistrySubcommand {
    @Parameters(paramLabel = "ID", description = "The artifact id.")
    String id;

    @Override
    public Integer call() {
        ArtifactReport report = service().unquarantine(id);
        return report(
                ReportJson.tree(ReportJson.summary(report)),
                "unquarantined " + report.artifact().id() + " (now " + report.state().id() + ")");
    }
}
