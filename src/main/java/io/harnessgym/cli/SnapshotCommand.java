package io.harnessgym.cli;

import io.harnessgym.snapshot.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code harnessgym snapshot}: the private snapshot store of the workspace. */
@Command(
        name = "snapshot",
        mixinStandardHelpOptions = true,
        description = "Take, list, show, compare and restore snapshots of the workspace.",
        subcommands = {
            SnapshotCreateCommand.class,
            SnapshotListCommand.class,
            SnapshotShowCommand.class,
            SnapshotDiffCommand.class,
            SnapshotRestoreCommand.class,
            SnapshotDropCommand.class
        })
final class SnapshotCommand implements Runnable {
    @ParentCommand HarnessGymCommand root;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    SnapshotStore open() {
        return SnapshotStore.open(root.workspace(), root.state());
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }
}
