package io.harnessgym.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.activation.Activation;
import io.harnessgym.activation.Activator;
import io.harnessgym.error.ExitCode;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code harnessgym activate}: the quality gate, then the agents' projections of the bundle. */
@Command(
        name = "activate",
        mixinStandardHelpOptions = true,
        description = {
            "Run the quality gate on the bundle's MCP servers (in parallel) and make the active skills and",
            "servers visible to Codex and Claude Code: skill links, .codex/config.toml, the Claude MCP config, the",
            "runtime helper and .harnessgym/activation.json. With --check, only report (exit 1 when the gate fails)."
        })
final class ActivateCommand extends ReportingCommand {
    @ParentCommand HarnessGymCommand root;

    @Option(
            names = "--runner",
            paramLabel = "R",
            defaultValue = "all",
            description = "Which agents to project for: codex, claude or all (default).")
    Activator.Runner runner;

    @Option(
            names = "--check",
            description = "Report only; write nothing. Exit 1 when the gate fails.")
    boolean check;

    @Override
    public Integer call() {
        Activation activation =
                new Activator(root.workspace(), System.getenv(), ProxyLauncher.current())
                        .activate(runner, check);
        JsonNode gate = activation.report().get("quality_gate");
        StringBuilder text = new StringBuilder();
        text.append("quality gate ")
                .append(gate.get("status").asText())
                .append(": ")
                .append(gate.get("active_mcp_count").asInt())
                .append(" active MCP servers, ")
                .append(gate.get("inactive_mcp_count").asInt())
                .append(" inactive, ")
                .append(gate.get("active_tool_count").asInt())
                .append(" tools, ")
                .append(gate.get("active_skill_count").asInt())
                .append(" skills");
        activation
                .report()
                .get("mcp_servers")
                .forEach(
                        server ->
                                text.append("\n  ")
                                        .append(server.get("name").asText())
                                        .append(": ")
                                        .append(server.at("/quality_gate/message").asText())
                                        .append(
                                                server.get("framing").isNull()
                                                        ? ""
                                                        : " ("
                                                                + server.get("framing").asText()
                                                                + ")")
                                        .append(" in ")
                                        .append(server.get("seconds").asText())
                                        .append(" s"));
        gate.get("warnings")
                .forEach(warning -> text.append("\n  warning: ").append(warning.asText()));
        text.append("\n").append(activation.report().get("qualification_note").asText());
        return report(
                activation.report(),
                text.toString(),
                check && !activation.gatePassed() ? ExitCode.NEGATIVE : ExitCode.OK);
    }
}
