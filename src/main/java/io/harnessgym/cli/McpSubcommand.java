package io.harnessgym.cli;

import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** What every {@code mcp} subcommand has besides reporting: its parent and the workspace. */
@Command
abstract class McpSubcommand extends ReportingCommand {
    @ParentCommand McpCommand parent;

    Workspace workspace() {
        return parent.root.workspace();
    }

    StateDir state() {
        return parent.root.state();
    }

    java.util.Map<String, String> env() {
        return parent.root.env();
    }
}
