package io.harnessgym.cli;

import io.harnessgym.activation.Activator;
import io.harnessgym.activation.Deactivation;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.workspace.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code harnessgym deactivate}: remove every projection; the bundle itself is not touched. */
@Command(
        name = "deactivate",
        mixinStandardHelpOptions = true,
        description = {
            "Remove everything activation wrote; the bundle itself is not touched.",
            "That is: the skill links, harnessgym's servers in .codex/config.toml (your own"
                    + " settings stay), the Claude MCP config, the runtime helper, activation.json,"
                    + " and the folders this leaves empty."
        })
final class DeactivateCommand extends ReportingCommand {
    @ParentCommand HarnessGymCommand root;

    @Override
    public Integer call() {
        Deactivation removed =
                new Activator(root.workspace(), root.state(), ProxyLauncher.current()).deactivate();
        return report(Json.MAPPER.valueToTree(removed), removed.summary());
    }
}
