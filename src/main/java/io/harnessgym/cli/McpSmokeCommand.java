package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.mcp.McpServers;
import io.harnessgym.mcp.SmokeCheck;
import io.harnessgym.registry.McpManifest;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.Json;
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
    /** The {@code --json} report: what the smoke check saw, or why it failed. */
    @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Smoked(
            String server,
            SmokeCheck.Status status,
            String message,
            String framing,
            String protocolVersion,
            com.fasterxml.jackson.databind.JsonNode serverInfo,
            java.util.List<Tool> tools) {}

    /** One tool it listed. */
    record Tool(String name, String description) {}

    @Parameters(paramLabel = "NAME", description = "The server name (see 'harnessgym mcp list').")
    String name;

    @Override
    public Integer call() {
        McpManifest manifest = McpServers.usable(workspace(), state(), name).manifest();
        SmokeCheck.Result smoke = SmokeCheck.run(workspace(), manifest, env());
        if (smoke.cannotStart()) {
            throw HarnessGymException.badInput(smoke.message());
        }
        if (!smoke.passed()) {
            if (json()) {
                return report(
                        Json.MAPPER.valueToTree(
                                new Smoked(
                                        manifest.name(),
                                        smoke.status(),
                                        smoke.message(),
                                        null,
                                        null,
                                        null,
                                        null)),
                        "",
                        ExitCode.NEGATIVE);
            }
            err().println(
                            "harnessgym: server "
                                    + manifest.name()
                                    + " failed the smoke test: "
                                    + Terminal.line(smoke.message()));
            return ExitCode.NEGATIVE.code();
        }
        Smoked json =
                new Smoked(
                        manifest.name(),
                        smoke.status(),
                        null,
                        smoke.framing().id(),
                        smoke.protocolVersion(),
                        smoke.serverInfo(),
                        smoke.tools().stream()
                                .map(
                                        tool ->
                                                new Tool(
                                                        tool.path("name").asText(),
                                                        tool.path("description").asText("")))
                                .toList());
        StringBuilder text = new StringBuilder();
        text.append("server ")
                .append(manifest.name())
                .append(": passed (framing ")
                .append(smoke.framing().id())
                .append(", protocol ")
                .append(Terminal.clean(smoke.protocolVersion()))
                .append(", ")
                .append(smoke.tools().size())
                .append(" tools)");
        smoke.tools()
                .forEach(
                        tool ->
                                text.append("\n  ")
                                        .append(Terminal.clean(tool.path("name").asText()))
                                        .append("  ")
                                        .append(
                                                Terminal.line(
                                                        Terminal.firstLine(
                                                                tool.path("description")
                                                                        .asText("")))));
        return report(Json.MAPPER.valueToTree(json), text.toString(), ExitCode.OK);
    }
}
