package io.harnessgym.cli;

import io.harnessgym.snapshot.Snapshot;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.workspace.Json;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code harnessgym snapshot list}. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the snapshots, oldest first.")
final class SnapshotListCommand extends SnapshotSubcommand {
    @Override
    public Integer call() {
        try (SnapshotStore store = store()) {
            List<Snapshot> snapshots = store.list();
            if (json()) {
                return report(Json.MAPPER.valueToTree(snapshots), "");
            }
            Table table = new Table("ID", "CREATED", "FILES", "SIZE", "LABEL");
            for (Snapshot snapshot : snapshots) {
                table.row(
                        List.of(
                                snapshot.shortId(),
                                snapshot.createdAt(),
                                String.valueOf(snapshot.files()),
                                bytes(snapshot.bytes()),
                                snapshot.label()),
                        List.of());
            }
            table.print(out());
            out().println(snapshots.size() + " snapshots in " + store.directory());
            return 0;
        }
    }
}
