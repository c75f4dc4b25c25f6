package io.harnessgym.cli;

import io.harnessgym.snapshot.Restored;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.WorkspaceLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code harnessgym snapshot restore ID}. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description =
                "Put the workspace back to a snapshot: changed files rewritten, extra ones removed;"
                        + " .git, .harnessgym and the other excluded paths are left alone.")
final class SnapshotRestoreCommand extends SnapshotSubcommand {
    @Mixin SnapshotId id;

    @Override
    public Integer call() {
        try (WorkspaceLock lock = WorkspaceLock.acquire(root().workspace(), "snapshot restore");
                SnapshotStore store = store()) {
            Restored restored = store.restore(id.value);
            StringBuilder text = new StringBuilder();
            restored.written()
                    .forEach(
                            path ->
                                    text.append("wrote    ")
                                            .append(Terminal.line(path))
                                            .append('\n'));
            restored.removed()
                    .forEach(
                            path ->
                                    text.append("removed  ")
                                            .append(Terminal.line(path))
                                            .append('\n'));
            text.append(
                    String.format(
                            "restored %s: %d written, %d removed, %d unchanged",
                            restored.snapshot().substring(0, 12),
                            restored.written().size(),
                            restored.removed().size(),
                            restored.unchanged()));
            return report(Json.MAPPER.valueToTree(restored), text.toString());
        }
    }
}
