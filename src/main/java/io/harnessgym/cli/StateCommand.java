package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.process.Containment;
import io.harnessgym.qualify.CleanRooms;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.WorkspaceLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code harnessgym state}: where harnessgym keeps what the agent must not write. */
@Command(
        name = "state",
        mixinStandardHelpOptions = true,
        description = "Show harnessgym's private state directory for the workspace.",
        subcommands = {StateCommand.PathCommand.class, StateCommand.GcCommand.class})
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

    /** The {@code --json} report of {@code state gc}. */
    record Collected(
            int objectsRemoved,
            long bytesRemoved,
            int objectsKept,
            int roomsRemoved,
            int orphanedProcessGroupsEnded) {}

    /** {@code harnessgym state gc}. */
    @Command(
            name = "gc",
            mixinStandardHelpOptions = true,
            description =
                    "Delete snapshot objects no snapshot reaches and every clean room left behind, and end"
                            + " the processes a killed harnessgym left.")
    static final class GcCommand extends ReportingCommand {
        @ParentCommand StateCommand parent;

        @Override
        public Integer call() {
            var workspace = parent.root.workspace();
            StateDir state = parent.root.state();
            try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, "state gc")) {
                // Processes a killed harnessgym left (servers, self-tests) first: a room may be
                // theirs.
                int orphans = Containment.Cgroup.sweepOrphans();
                Collected collected;
                if (!state.exists()) {
                    collected = new Collected(0, 0, 0, 0, orphans);
                } else {
                    int rooms = CleanRooms.gc(state);
                    try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
                        var result = store.gc();
                        collected =
                                new Collected(
                                        result.objectsRemoved(),
                                        result.bytesRemoved(),
                                        result.objectsKept(),
                                        rooms,
                                        orphans);
                    }
                }
                return report(
                        Json.MAPPER.valueToTree(collected),
                        String.format(
                                "removed %d unreachable objects (%d bytes; %d kept) and %d clean"
                                        + " rooms; ended %d process groups a killed harnessgym left",
                                collected.objectsRemoved(),
                                collected.bytesRemoved(),
                                collected.objectsKept(),
                                collected.roomsRemoved(),
                                collected.orphanedProcessGroupsEnded()));
            }
        }
    }
}
