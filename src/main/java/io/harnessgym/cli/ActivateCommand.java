package io.harnessgym.cli;

import io.harnessgym.activation.Activation;
import io.harnessgym.activation.ActivationReport;
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
            "Run the quality gate on the bundle's MCP servers and make what passes visible to the"
                    + " agents.",
            "The gate runs every server in parallel. What passes becomes skill links,"
                    + " .codex/config.toml entries, the Claude MCP config, the runtime helper and"
                    + " .harnessgym/activation.json. With --check, only report (exit 1 when the"
                    + " gate fails)."
        })
final class ActivateCommand extends ReportingCommand {
    @ParentCommand HarnessGymCommand root;

    @Option(
            names = "--runner",
            paramLabel = "R",
            defaultValue = "all",
            description = "Which agents to project for: codex, claude or all (default).")
    Activator.Target runner;

    @Option(
            names = "--check",
            description = "Report only; write nothing. Exit 1 when the gate fails.")
    boolean check;

    @Override
    public Integer call() {
        Activation activation =
                new Activator(root.workspace(), root.state(), root.env(), ProxyLauncher.current())
                        .activate(runner, check);
        ActivationReport report = activation.report();
        ActivationReport.Gate gate = report.qualityGate();
        StringBuilder text = new StringBuilder();
        text.append("quality gate ")
                .append(gate.status() == ActivationReport.Verdict.PASSED ? "passed" : "failed")
                .append(": ")
                .append(gate.activeMcpCount())
                .append(check ? " MCP servers would be activated, " : " MCP servers activated, ")
                .append(gate.inactiveMcpCount())
                .append(" not, ")
                .append(gate.activeToolCount())
                .append(" tools, ")
                .append(gate.activeSkillCount())
                .append(" skills");
        for (ActivationReport.ServerEntry server : report.mcpServers()) {
            text.append("\n  ")
                    .append(server.name())
                    .append(": ")
                    .append(server.qualityGate().message())
                    .append(server.framing() == null ? "" : " (" + server.framing() + ")")
                    .append(" in ")
                    .append(server.seconds())
                    .append(" s");
        }
        gate.warnings().forEach(warning -> text.append("\n  warning: ").append(warning));
        text.append("\nnote: ").append(report.qualificationNote());
        return report(
                activation.json(),
                text.toString(),
                check && !activation.gatePassed() ? ExitCode.NEGATIVE : ExitCode.OK);
    }
}
