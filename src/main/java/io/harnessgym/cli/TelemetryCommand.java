package io.harnessgym.cli;

import io.harnessgym.mcp.telemetry.CallLog;
import io.harnessgym.mcp.telemetry.TelemetrySummary;
import io.harnessgym.workspace.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code harnessgym telemetry summary}: what the call log says, overall or for one run and
 * iteration.
 */
@Command(
        name = "telemetry",
        mixinStandardHelpOptions = true,
        description = "Read the MCP call log.",
        subcommands = TelemetryCommand.Summary.class)
final class TelemetryCommand implements Runnable {
    @ParentCommand HarnessGymCommand root;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    @Command(
            name = "summary",
            mixinStandardHelpOptions = true,
            description =
                    "Count tools/call events: successful, failed (errors, isError results, timeouts, cancels), "
                            + "tools, servers, per run/iteration/phase/trial.")
    static final class Summary extends ReportingCommand {
        @ParentCommand TelemetryCommand parent;

        @Option(names = "--run", paramLabel = "ID", description = "Only events of this run id.")
        String run;

        @Option(
                names = "--iteration",
                paramLabel = "N",
                description = "Only events of this iteration.")
        String iteration;

        @Override
        public Integer call() {
            CallLog log = CallLog.of(parent.root.state());
            TelemetrySummary summary = TelemetrySummary.read(log.file(), run, iteration);
            TelemetrySummary.Report report = summary.report(log.file());
            StringBuilder text = new StringBuilder();
            text.append(
                    String.format(
                            "%d calls: %d successful, %d failed",
                            report.count(), report.successfulCount(), report.failedCount()));
            text.append("\nstatuses: ").append(report.statusCounts());
            text.append("\ntools:    ").append(String.join(", ", report.calledTools()));
            for (TelemetrySummary.ScopeCount scope : report.scopes()) {
                text.append(
                        String.format(
                                "%n  run %s iteration %s phase %s trial %s: %d calls, %d ok, %d failed",
                                blank(scope.runId()),
                                blank(scope.iteration()),
                                blank(scope.phase()),
                                blank(scope.trial()),
                                scope.count(),
                                scope.successfulCount(),
                                scope.failedCount()));
            }
            if (report.skippedLines() > 0 && !json()) {
                err().println(
                                report.skippedLines()
                                        + " lines of "
                                        + log.file()
                                        + " could not be read (not UTF-8, not a JSON object, or too long)"
                                        + " and were skipped");
            }
            return report(Json.MAPPER.valueToTree(report), text.toString());
        }

        private static String blank(String value) {
            return value.isEmpty() ? "-" : value;
        }
    }
}
