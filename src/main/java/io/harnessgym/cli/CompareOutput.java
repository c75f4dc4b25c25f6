package io.harnessgym.cli;

import io.harnessgym.compare.Compare;
import io.harnessgym.compare.CompareReport;
import io.harnessgym.compare.Verdict;
import io.harnessgym.error.ExitCode;
import io.harnessgym.workspace.Json;
import java.nio.file.Path;

/** What {@code compare}, {@code compare merge} and {@code compare regrade} print and exit with. */
final class CompareOutput {
    private CompareOutput() {}

    /**
     * The verdict, a line per arm and where the report is (or the report under {@code --json});
     * exit 0 for "better" (and for a shard, whose verdict comes with the merge), else 1.
     */
    static int report(ReportingCommand command, Compare.Outcome outcome, boolean partial) {
        CompareReport r = outcome.content();
        ExitCode code =
                partial || Verdict.BETTER.equals(r.verdict().verdict())
                        ? ExitCode.OK
                        : ExitCode.NEGATIVE;
        return command.report(Json.MAPPER.valueToTree(r), text(r, outcome.report()), code);
    }

    /** The text form: the verdict, a line per arm, a warning, what is missing, the report. */
    static String text(CompareReport r, Path report) {
        StringBuilder lines = new StringBuilder();
        lines.append("compare ")
                .append(r.compareId())
                .append(": ")
                .append(r.verdict().verdict())
                .append(" (")
                .append(r.verdict().reason())
                .append(")");
        r.summary()
                .fields()
                .forEachRemaining(
                        group ->
                                lines.append("\n")
                                        .append(group.getKey())
                                        .append(": n=")
                                        .append(group.getValue().path("count").asInt())
                                        .append(" solved=")
                                        .append(group.getValue().path("solved").asInt())
                                        .append(" valid=")
                                        .append(
                                                group.getValue()
                                                        .path("comparison_valid")
                                                        .path("valid")
                                                        .asInt())
                                        .append(" invalid=")
                                        .append(
                                                group.getValue()
                                                        .path("comparison_valid")
                                                        .path("invalid")
                                                        .asInt()));
        String unconfined = r.unconfinedWarning();
        if (unconfined != null) {
            lines.append("\nwarning: ").append(unconfined);
        }
        if (!r.missingTrials().isEmpty()) {
            lines.append("\nmissing trials: ").append(r.missingTrials().size());
        }
        lines.append("\nreport: ").append(report);
        return lines.toString();
    }
}
