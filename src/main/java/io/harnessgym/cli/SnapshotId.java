package io.harnessgym.cli;

import picocli.CommandLine.Parameters;

/** The snapshot a {@code snapshot} subcommand acts on. */
final class SnapshotId {
    @Parameters(
            paramLabel = "ID",
            description = "A snapshot id or a unique prefix of it (4+ hex digits).")
    String value;
}
