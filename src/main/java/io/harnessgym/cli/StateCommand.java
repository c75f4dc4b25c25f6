package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code harnessgym state}: where harnessgym keeps what the agent must not write. */
@Command(
        name = "state",
        mixinStandardHelpOptions = true,
        description = "Show harnessgym's private state directory for the workspace.",
        subcommands = StateCommand.PathCommand.class)
final class StateCommand implements Runnable {
    @ParentCommand HarnessGymCommand root;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /** The {@code --json} report of {@code state path}. */
    record Where(
            String workspace, String stateDir, boolean exists, String callLog, String records) {}

    /** {@code harnessgym state path}. */
    @Command(
            name = "path",
            mixinStandardHelpOptions = true,
            description =
                    "Print the state directory (call log, quarantine and qualification records).")
    static final class PathCommand extends ReportingCommand {
        @ParentCommand StateCommand parent;

        @Override
        public Integer call() {
            StateDir state = parent.root.state();
            Where where =
                    new Where(
                            parent.root.workspace().root().toString(),
                            state.root().toString(),
                            state.exists(),
                            state.callLog().toString(),
                            state.recordsDir().toString());
            return report(Json.MAPPER.valueToTree(where), state.root().toString(), ExitCode.OK);
        }
    }
}
