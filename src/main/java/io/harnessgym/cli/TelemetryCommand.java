package io.harnessgym.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.error.ExitCode;
import io.harnessgym.mcp.telemetry.CallLog;
import io.harnessgym.mcp.telemetry.TelemetrySummary;
import io.harnessgym.workspace.Workspace;
import java.io.PrintWriter;
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
            Workspace workspace = parent.root.workspace();
            CallLog log = CallLog.forWorkspace(workspace, System.getenv());
            TelemetrySummary summary = TelemetrySummary.read(log.file(), run, iteration);
            ObjectNode json = summary.toJson(log.file());
            if (json()) {
                return report(json, "");
            }
            PrintWriter out = out();
            out.printf(
                    "%d calls: %d successful, %d failed%n",
                    summary.count(), summary.successful(), summary.failed());
            out.println("statuses: " + json.get("status_counts"));
            out.println("tools:    " + String.join(", ", summary.calledTools()));
            json.get("scopes")
                    .forEach(
                            scope ->
                                    out.printf(
                                            "  run %s iteration %s phase %s trial %s: %d calls, %d ok, %d failed%n",
                                            blank(scope.path("run_id").asText()),
                                            blank(scope.path("iteration").asText()),
                                            blank(scope.path("phase").asText()),
                                            blank(scope.path("trial").asText()),
                                            scope.path("count").asInt(),
                                            scope.path("successful_count").asInt(),
                                            scope.path("failed_count").asInt()));
            if (summary.skippedLines() > 0) {
                err().println(
                                summary.skippedLines()
                                        + " lines of "
                                        + log.file()
                                        + " were not JSON objects and were skipped");
            }
            return ExitCode.OK.code();
        }

        private static String blank(String value) {
            return value.isEmpty() ? "-" : value;
        }
    }
}
