package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.mcp.McpServers;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.ArtifactState;
import io.harnessgym.registry.McpManifest;
import io.harnessgym.workspace.Json;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code harnessgym mcp list}: the bundle's servers, their manifests and validity. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the bundle's MCP servers and their manifests.")
final class McpListCommand extends McpSubcommand {
    /** One server in the {@code --json} report; {@code server} is absent for an invalid one. */
    @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Entry(
            String id,
            io.harnessgym.registry.ArtifactState state,
            String manifest,
            List<String> problems,
            McpManifest server) {}

    @Override
    public Integer call() {
        List<ArtifactReport> servers = McpServers.all(workspace(), state());
        List<Entry> json = new java.util.ArrayList<>();
        Table table = new Table("NAME", "STATE", "FRAMING", "MANIFEST", "COMMAND");
        for (ArtifactReport report : servers) {
            McpManifest manifest = report.manifest();
            json.add(
                    new Entry(
                            report.artifact().id(),
                            report.state(),
                            report.definition(),
                            report.problems(),
                            manifest));
            table.row(
                    List.of(
                            manifest == null ? "-" : manifest.name(),
                            report.state().id(),
                            manifest == null ? "-" : manifest.framing(),
                            String.valueOf(report.definition()),
                            manifest == null ? "-" : String.join(" ", command(manifest))),
                    report.state() == ArtifactState.INVALID ? report.problems() : List.of());
        }
        StringWriter text = new StringWriter();
        try (java.io.PrintWriter writer = new java.io.PrintWriter(text)) {
            table.print(writer);
        }
        return report(Json.MAPPER.valueToTree(json), text.toString().stripTrailing(), ExitCode.OK);
    }

    private static List<String> command(McpManifest manifest) {
        List<String> argv = new java.util.ArrayList<>();
        argv.add(manifest.command());
        argv.addAll(manifest.args());
        return argv;
    }
}
