package io.harnessgym.cli;

import io.harnessgym.snapshot.Excludes;
import io.harnessgym.snapshot.Snapshot;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.WorkspaceLock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code harnessgym snapshot create}: snapshot the workspace now. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description =
                "Snapshot the workspace (without .git, .harnessgym, .codex, .agents, .claude and"
                        + " the --exclude globs); print its id.")
final class SnapshotCreateCommand extends SnapshotSubcommand {
    @Option(names = "--label", paramLabel = "TEXT", description = "What the snapshot is for.")
    String label = "manual";

    @Option(
            names = "--exclude",
            paramLabel = "GLOB",
            description =
                    "Leave out a name at any depth (build, *.o) or a path from the root (out/**);"
                            + " repeatable.")
    List<String> excludes = new ArrayList<>();

    @Override
    public Integer call() {
        try (WorkspaceLock lock = WorkspaceLock.acquire(root().workspace(), "snapshot create");
                SnapshotStore store = store()) {
            Snapshot snapshot = store.take(label, new Excludes(excludes));
            return report(
                    Json.MAPPER.valueToTree(snapshot),
                    snapshot.id()
                            + "\n"
                            + line(snapshot)
                            + " ("
                            + snapshot.rehashed()
                            + " files read, the rest unchanged)");
        }
    }
}
