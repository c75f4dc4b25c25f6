package io.harnessgym.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.snapshot.Snapshot;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code harnessgym snapshot show ID}: one snapshot, verified, with its paths. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show a snapshot (verified against its id) and the paths it holds.")
final class SnapshotShowCommand extends SnapshotSubcommand {
    @Mixin SnapshotId id;

    @Override
    public Integer call() {
        try (SnapshotStore store = store()) {
            SnapshotStore.Contents contents = store.contents(id.value);
            Snapshot snapshot = contents.snapshot();
            List<String> paths = contents.paths();
            ObjectNode json = Json.MAPPER.valueToTree(snapshot);
            json.set("paths", Json.MAPPER.valueToTree(paths));
            StringBuilder text = new StringBuilder(line(snapshot)).append('\n');
            text.append("id        ").append(snapshot.id()).append('\n');
            text.append("excludes  ").append(snapshot.excludes()).append('\n');
            for (String path : paths) {
                text.append("  ").append(Terminal.line(path)).append('\n');
            }
            return report(json, text.toString().stripTrailing());
        }
    }
}
