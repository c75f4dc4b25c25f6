package io.harnessgym.cli;

import io.harnessgym.activation.Activator;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code harnessgym deactivate}: remove every projection; the bundle itself is not touched. */
@Command(
        name = "deactivate",
        mixinStandardHelpOptions = true,
        description =
                "Remove the skill links, harnessgym's servers in .codex/config.toml, the Claude MCP config, "
                        + "the runtime helper and activation.json. The bundle itself is not touched.")
final class DeactivateCommand extends ReportingCommand {
    @ParentCommand HarnessGymCommand root;

    @Override
    public Integer call() {
        var report =
                new Activator(root.workspace(), System.getenv(), ProxyLauncher.current())
                        .deactivate();
        return report(
                report,
                "deactivated: " + report.get("skill_links").size() + " skill links removed");
    }
}
