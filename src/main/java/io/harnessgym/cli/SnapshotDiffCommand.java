package io.harnessgym.cli;

import io.harnessgym.snapshot.Change;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code harnessgym snapshot diff A [B]}: what changed from A to B, or to the live workspace. */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description =
                "List added (A), modified (M) and deleted (D) paths from snapshot A to snapshot B,"
                        + " or to the workspace as it is now.")
final class SnapshotDiffCommand extends SnapshotSubcommand {
    @Parameters(index = "0", paramLabel = "A", description = "The earlier snapshot.")
    String from;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "B",
            description = "The later snapshot; default: the workspace now.")
    String to;

    @Override
    public Integer call() {
        try (SnapshotStore store = store()) {
            List<Change> changes = to == null ? store.diffLive(from) : store.diff(from, to);
            StringBuilder text = new StringBuilder();
            for (Change change : changes) {
                text.append(change.kind().name().charAt(0))
                        .append("  ")
                        .append(Terminal.line(change.path()))
                        .append('\n');
            }
            text.append(changes.size()).append(changes.size() == 1 ? " change" : " changes");
            return report(Json.MAPPER.valueToTree(changes), text.toString());
        }
    }
}
