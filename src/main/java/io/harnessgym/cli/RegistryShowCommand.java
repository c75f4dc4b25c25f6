package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.McpManifest;
import io.harnessgym.workspace.Json;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code harnessgym registry show ID}: one artifact in full. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show one artifact: state, digest, problems, definition.")
final class RegistryShowCommand extends RegistrySubcommand {
    @Parameters(
            paramLabel = "ID",
            description = "The artifact id, e.g. skill:.harnessgym/skills/x/SKILL.md")
    String id;

    @Override
    public Integer call() {
        ArtifactReport report = service().show(id);
        PrintWriter out = out();
        if (json()) {
            out.println(Json.pretty(ReportJson.tree(ReportJson.detail(report))));
            return ExitCode.OK.code();
        }
        out.println("id:          " + report.artifact().id());
        out.println("kind:        " + report.artifact().kind());
        out.println("path:        " + report.artifact().path());
        out.println("state:       " + report.state().id());
        out.println("digest:      " + (report.digest() == null ? "-" : report.digest()));
        out.println("description: " + report.artifact().description());
        out.println("iteration:   " + report.artifact().iteration());
        out.println("created_at:  " + report.artifact().createdAt());
        if (report.quarantineReason() != null) {
            out.println("quarantine:  " + report.quarantineReason());
        }
        if (report.skill() != null) {
            out.println("skill name:  " + report.skill().name());
        }
        if (report.manifest() != null) {
            printManifest(out, report.manifest());
        }
        for (String problem : report.problems()) {
            out.println("problem:     " + problem);
        }
        return ExitCode.OK.code();
    }

    private static void printManifest(PrintWriter out, McpManifest manifest) {
        out.println("server:      " + manifest.name());
        out.println("command:     " + manifest.command() + " " + String.join(" ", manifest.args()));
        out.println("cwd:         " + manifest.cwd());
        out.println("framing:     " + manifest.framing());
        out.println(
                "timeouts:    startup "
                        + manifest.startupTimeoutSec()
                        + "s, tool "
                        + manifest.toolTimeoutSec()
                        + "s, self-test "
                        + manifest.selfTestTimeoutSec()
                        + "s");
        out.println(
                "self-test:   "
                        + (manifest.selfTest() == null
                                ? "none (activation requires one)"
                                : String.join(" ", manifest.selfTest().argv())
                                        + " (cwd "
                                        + manifest.selfTest().cwd()
                                        + ")"));
        if (!manifest.enabledTools().isEmpty()) {
            out.println("tools:       " + String.join(", ", manifest.enabledTools()));
        }
        if (!manifest.env().isEmpty()) {
            out.println("env:         " + String.join(", ", manifest.env().keySet()));
        }
    }
}
