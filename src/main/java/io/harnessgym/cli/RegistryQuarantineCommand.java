package io.harnessgym.cli;

import io.harnessgym.registry.ArtifactReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code harnessgym registry quarantine ID --reason TEXT}. */
@Command(
        name = "quarantine",
        mixinStandardHelpOptions = true,
        description = "Quarantine an artifact: it is never activated until unquarantined.")
final class RegistryQuarantineCommand extends RegistrySubcommand {
    @Parameters(paramLabel = "ID", description = "The artifact id.")
    String id;

    @Option(
            names = "--reason",
            required = true,
            paramLabel = "TEXT",
            description = "Why; recorded in the registry.")
    String reason;

    @Override
    public Integer call() {
        ArtifactReport report = service().quarantine(id, reason);
        return report(
                ReportJson.tree(ReportJson.summary(report)),
                "quarantined " + report.artifact().id() + ": " + reason.strip());
    }
}
