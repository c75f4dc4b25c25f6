package io.harnessgym.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    @Override
    public Integer call() {
        List<ArtifactReport> servers = McpServers.all(workspace());
        ArrayNode json = Json.MAPPER.createArrayNode();
        Table table = new Table("NAME", "STATE", "FRAMING", "MANIFEST", "COMMAND");
        for (ArtifactReport report : servers) {
            McpManifest manifest = report.manifest();
            ObjectNode entry = json.addObject();
            entry.put("id", report.artifact().id());
            entry.put("state", report.state().id());
            entry.put("manifest", report.definition());
            ArrayNode problems = entry.putArray("problems");
            report.problems().forEach(problems::add);
            if (manifest != null) {
                entry.set("server", Json.MAPPER.valueToTree(manifest));
            }
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
        return report(json, text.toString().stripTrailing(), ExitCode.OK);
    }

    private static List<String> command(McpManifest manifest) {
        List<String> argv = new java.util.ArrayList<>();
        argv.add(manifest.command());
        argv.addAll(manifest.args());
        return argv;
    }
}
