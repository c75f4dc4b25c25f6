package io.harnessgym.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.error.ExitCode;
import io.harnessgym.mcp.McpServers;
import io.harnessgym.mcp.ServerLaunch;
import io.harnessgym.mcp.client.McpClient;
import io.harnessgym.mcp.client.McpException;
import io.harnessgym.registry.McpManifest;
import io.harnessgym.workspace.Json;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code harnessgym mcp smoke NAME}: initialize + tools/list against the real server. */
@Command(
        name = "smoke",
        mixinStandardHelpOptions = true,
        description = {
            "Start a server, run initialize and tools/list, print its tools and detected framing.",
            "Exit 0 when it answered correctly, 1 when it did not."
        })
final class McpSmokeCommand extends McpSubcommand {
    @Parameters(paramLabel = "NAME", description = "The server name (see 'harnessgym mcp list').")
    String name;

    @Override
    public Integer call() {
        McpManifest manifest = McpServers.usable(workspace(), name).manifest();
        ServerLaunch launch = ServerLaunch.fromManifest(workspace(), manifest, System.getenv());
        ObjectNode json = Json.object();
        json.put("server", manifest.name());
        try (McpClient client = McpClient.start(launch)) {
            McpClient.Initialized init =
                    client.initialize(Duration.ofSeconds(manifest.startupTimeoutSec()));
            List<JsonNode> tools = client.listTools(Duration.ofSeconds(manifest.toolTimeoutSec()));
            json.put("status", "passed");
            json.put("framing", init.framing().id());
            json.put("protocol_version", init.protocolVersion());
            json.set("server_info", init.serverInfo());
            ArrayNode list = json.putArray("tools");
            tools.forEach(
                    tool ->
                            list.addObject()
                                    .put("name", tool.path("name").asText())
                                    .put("description", tool.path("description").asText("")));
            StringBuilder text = new StringBuilder();
            text.append("server ")
                    .append(manifest.name())
                    .append(": passed (framing ")
                    .append(init.framing().id())
                    .append(", protocol ")
                    .append(init.protocolVersion())
                    .append(", ")
                    .append(tools.size())
                    .append(" tools)");
            tools.forEach(
                    tool ->
                            text.append("\n  ")
                                    .append(tool.path("name").asText())
                                    .append("  ")
                                    .append(firstLine(tool.path("description").asText(""))));
            return report(json, text.toString(), ExitCode.OK);
        } catch (McpException e) {
            json.put("status", "failed");
            json.put("message", e.getMessage());
            if (json()) {
                return report(json, "", ExitCode.NEGATIVE);
            }
            err().println(
                            "harnessgym: server "
                                    + manifest.name()
                                    + " failed the smoke test: "
                                    + e.getMessage());
            return ExitCode.NEGATIVE.code();
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
