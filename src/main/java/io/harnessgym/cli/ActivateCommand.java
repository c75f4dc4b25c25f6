package io.harnessgym.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.activation.Activation;
import io.harnessgym.activation.ActivationReport;
import io.harnessgym.activation.Activator;
import io.harnessgym.error.ExitCode;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.qualify.QualificationReport;
import io.harnessgym.qualify.Qualifier;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code harnessgym activate}: qualify what is new, then project what is qualified. */
@Command(
        name = "activate",
        mixinStandardHelpOptions = true,
        description = {
            "Make the bundle's qualified skills and MCP servers visible to the agents.",
            "New or changed artifacts are qualified first (as 'harnessgym qualify' does, unless"
                    + " --no-qualify). Only artifacts with a passed private record at their current"
                    + " digest become skill links, .codex/config.toml entries, the Claude MCP"
                    + " config, the runtime helper and .harnessgym/activation.json. With --check,"
                    + " only report (exit 1 when something is left out)."
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
            description =
                    "Report only; qualify and write nothing. Exit 1 when something is left out.")
    boolean check;

    @Option(
            names = "--no-qualify",
            description = "Do not qualify first: activate only what is already qualified.")
    boolean noQualify;

    @Override
    public Integer call() {
        QualificationReport qualification = null;
        Activation activation;
        if (check) {
            activation =
                    new Activator(root.workspace(), root.state(), ProxyLauncher.current())
                            .activate(runner, true);
        } else {
            Qualifier.Activated done =
                    new Qualifier(
                                    root.workspace(),
                                    root.state(),
                                    root.env(),
                                    ProxyLauncher.current(),
                                    Qualifier.Options.DEFAULT)
                            .qualifyThenActivate(runner, !noQualify);
            qualification = done.qualification();
            activation = done.activation();
        }
        ObjectNode json = (ObjectNode) activation.json().deepCopy();
        if (qualification != null) {
            json.set("qualification", Json.MAPPER.valueToTree(qualification));
        }
        StringBuilder text = new StringBuilder();
        if (qualification != null && !qualification.artifacts().isEmpty()) {
            text.append(QualifyCommand.text(qualification, List.of())).append('\n');
        }
        text.append(summary(activation.report(), check));
        return report(
                json,
                text.toString(),
                check && !activation.gatePassed() ? ExitCode.NEGATIVE : ExitCode.OK);
    }

    static String summary(ActivationReport report, boolean check) {
        ActivationReport.Gate gate = report.qualityGate();
        StringBuilder text = new StringBuilder();
        text.append(check ? "would activate " : "activated ")
                .append(gate.activeMcpCount())
                .append(" MCP servers (")
                .append(gate.activeToolCount())
                .append(" tools) and ")
                .append(gate.activeSkillCount())
                .append(" skills; ")
                .append(report.unqualifiedArtifacts().size())
                .append(" not qualified, ")
                .append(report.quarantinedArtifacts().size())
                .append(" quarantined");
        for (ActivationReport.ServerEntry server : report.mcpServers()) {
            text.append("\n  ")
                    .append(Terminal.line(server.name()))
                    .append(server.framing() == null ? "" : " (" + server.framing() + ")")
                    .append(": ")
                    .append(Terminal.line(String.join(", ", server.smoke().tools())));
        }
        gate.warnings().forEach(warning -> text.append("\n  warning: ").append(warning));
        return text.toString();
    }
}
