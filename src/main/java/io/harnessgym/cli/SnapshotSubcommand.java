package io.harnessgym.cli;

import io.harnessgym.snapshot.Snapshot;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.text.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** What every {@code snapshot} subcommand has besides reporting: its parent and the store. */
@Command
abstract class SnapshotSubcommand extends ReportingCommand {
    @ParentCommand SnapshotCommand parent;

    SnapshotStore store() {
        return parent.open();
    }

    HarnessGymCommand root() {
        return parent.root;
    }

    static String line(Snapshot snapshot) {
        return String.format(
                "%s  %s  %d files, %s, %s",
                snapshot.shortId(),
                snapshot.createdAt(),
                snapshot.files(),
                bytes(snapshot.bytes()),
                Terminal.line(snapshot.label()));
    }

    static String bytes(long bytes) {
        if (bytes < 10_000) {
            return bytes + " B";
        }
        if (bytes < 10_000_000) {
            return (bytes / 1000) + " kB";
        }
        return (bytes / 1_000_000) + " MB";
    }
}
