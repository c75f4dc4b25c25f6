package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.qualify.ArtifactVerdict;
import io.harnessgym.qualify.JUnitReport;
import io.harnessgym.qualify.QualificationReport;
import io.harnessgym.qualify.Qualifier;
import io.harnessgym.qualify.Repairer;
import io.harnessgym.registry.QualificationRecord.Verdict;
import io.harnessgym.snapshot.Excludes;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.WorkspaceLock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code harnessgym qualify}: judge the bundle's new and changed artifacts in clean rooms. */
@Command(
        name = "qualify",
        mixinStandardHelpOptions = true,
        description =
                "Qualify the bundle's new and changed artifacts, each in a clean copy of the"
                        + " workspace; record each verdict privately. Exit 1 unless every artifact"
                        + " passed.")
final class QualifyCommand extends ReportingCommand {
    @ParentCommand HarnessGymCommand root;

    @Option(
            names = "--junit",
            paramLabel = "FILE",
            description = "Also write the verdicts as JUnit XML.")
    Path junit;

    @Option(
            names = "--keep-clean-rooms",
            description = "Keep the clean rooms ('state gc' removes them).")
    boolean keepRooms;

    @Option(
            names = "--retest",
            description = "Judge again artifacts that already have a verdict at their digest.")
    boolean retest;

    @Option(names = "--quarantine", description = "Quarantine what fails (its files are kept).")
    boolean quarantine;

    @Option(
            names = "--template",
            paramLabel = "SNAPSHOT",
            description = "Materialise rooms from this snapshot; default: a snapshot taken now.")
    String template;

    @Option(
            names = "--exclude",
            paramLabel = "GLOB",
            description = "Leave out of the template (see 'snapshot create'); repeatable.")
    List<String> excludes = new ArrayList<>();

    @Override
    public Integer call() {
        Qualifier.Outcome outcome;
        root.workspace().requireBundle(); // before the lock, which would make the folder
        try (WorkspaceLock lock = WorkspaceLock.acquire(root.workspace(), "qualify")) {
            outcome =
                    new Qualifier(
                                    root.workspace(),
                                    root.state(),
                                    root.env(),
                                    ProxyLauncher.current(),
                                    new Qualifier.Options(
                                            keepRooms,
                                            retest,
                                            new Excludes(excludes),
                                            template,
                                            Qualifier.Options.DEFAULT.parallelism()))
                            .qualifyWithRepairs(0, Repairer.NONE, quarantine);
        }
        QualificationReport report = outcome.last();
        if (junit != null) {
            JUnitReport.write(report, junit.toAbsolutePath());
        }
        var json = Json.MAPPER.valueToTree(report);
        if (quarantine) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) json)
                    .set("quarantined_artifacts", Json.MAPPER.valueToTree(outcome.quarantined()));
        }
        return report(
                json,
                text(report, outcome.quarantined()),
                report.passed() ? ExitCode.OK : ExitCode.NEGATIVE);
    }

    static String text(QualificationReport report, List<String> quarantined) {
        StringBuilder text = new StringBuilder();
        long failed = report.artifacts().stream().filter(v -> !v.passed()).count();
        text.append("qualification ")
                .append(report.passed() ? "passed" : "failed")
                .append(": ")
                .append(report.artifacts().size())
                .append(" judged (")
                .append(report.artifacts().size() - failed)
                .append(" passed, ")
                .append(failed)
                .append(" failed), ")
                .append(report.earlier().size())
                .append(" with an earlier verdict at their digest, in ")
                .append(report.seconds())
                .append(" s");
        for (ArtifactVerdict verdict : report.artifacts()) {
            text.append("\n  ")
                    .append(verdict.passed() ? "PASS  " : "FAIL  ")
                    .append(Terminal.line(verdict.artifactId()));
            if (!verdict.passed()) {
                text.append("\n        ").append(Terminal.line(verdict.failureText()));
            }
        }
        for (QualificationReport.Earlier earlier : report.earlier()) {
            text.append("\n  ")
                    .append(earlier.verdict() == Verdict.PASSED ? "pass  " : "fail  ")
                    .append(Terminal.line(earlier.artifactId()))
                    .append(" (earlier verdict)");
        }
        for (String id : quarantined) {
            text.append("\n  quarantined ").append(Terminal.line(id));
        }
        if ("bubblewrap".equals(report.sandbox())) {
            text.append(
                    "\nsandbox: bubblewrap (only the room writable; the state directory and"
                            + " credentials hidden; no network unless a manifest asks)");
        } else {
            text.append("\nsandbox: none (")
                    .append(report.sandboxReason())
                    .append("): artifact commands ran unconfined, with a scrubbed environment");
        }
        text.append("\nreport: ").append(report.reportPath());
        return text.toString();
    }
}
