package io.harnessgym.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code harnessgym mcp}: the bundle's MCP servers. */
@Command(
        name = "mcp",
        mixinStandardHelpOptions = true,
        description =
                "List, smoke-test and call the bundle's MCP servers; run the telemetry proxy and its host.",
        subcommands = {
            McpListCommand.class,
            McpSmokeCommand.class,
            McpCallCommand.class,
            McpProxyCommand.class,
            McpHostCommand.class
        })
final class McpCommand implements Runnable {
    @ParentCommand HarnessGymCommand root;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }
}
