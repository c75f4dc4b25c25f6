package io.harnessgym.cli;

import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.WorkspaceLock;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code harnessgym snapshot drop ID}. */
@Command(
        name = "drop",
        mixinStandardHelpOptions = true,
        description = "Forget a snapshot; 'harnessgym state gc' then frees its objects.")
final class SnapshotDropCommand extends SnapshotSubcommand {
    @Mixin SnapshotId id;

    @Override
    public Integer call() {
        try (WorkspaceLock lock = WorkspaceLock.acquire(root().workspace(), "snapshot drop");
                SnapshotStore store = store()) {
            String dropped = store.find(id.value).id();
            store.drop(dropped);
            return report(
                    Json.MAPPER.valueToTree(Map.of("dropped", dropped)), "dropped " + dropped);
        }
    }
}
