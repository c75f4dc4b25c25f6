package io.harnessgym.cli;

import io.harnessgym.compare.Compare;
import io.harnessgym.compare.CompareReport;
import io.harnessgym.compare.Merge;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code harnessgym compare merge REPORT...}: shard reports of one plan, as one report. */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        description =
                "Merge shard reports of one compare plan into one report, the statistics recomputed over every trial.")
final class CompareMergeCommand extends ReportingCommand {
    @ParentCommand CompareCommand parent;

    @Parameters(
            paramLabel = "REPORT",
            arity = "1..*",
            description = "Shard compare_report.json files.")
    List<Path> reports;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            description =
                    "Where the merged report goes (default: the compare's folder in the state directory).")
    Path output;

    @Override
    public Integer call() {
        CompareReport merged = Merge.merge(reports);
        Path dir =
                output != null
                        ? output.toAbsolutePath()
                        : parent.root
                                .state()
                                .ensureDir("compares")
                                .resolve(Ids.safe(merged.compareId(), "the reports' compare id"));
        Path file = Merge.write(dir, merged);
        return CompareOutput.report(this, new Compare.Outcome(file, merged), false);
    }
}
