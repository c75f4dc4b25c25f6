package io.harnessgym.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code harnessgym task}: task files, their contract and their holdout. */
@Command(
        name = "task",
        mixinStandardHelpOptions = true,
        description =
                "Read task files (what an agent is shown, what is held out, the contract) and check that a task is worth running.",
        subcommands = {TaskShowCommand.class, TaskCheckCommand.class})
final class TaskCommand implements Runnable {
    @ParentCommand HarnessGymCommand root;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }
}
