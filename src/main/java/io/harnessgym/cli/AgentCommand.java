package io.harnessgym.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code harnessgym agent}: run an agent for one phase, as the loop will. */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description =
                "Run an agent (codex, claude, a harness command, or the scripted agent) for one phase.",
        subcommands = {AgentRunCommand.class})
final class AgentCommand implements Runnable {
    @ParentCommand HarnessGymCommand root;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }
}
