package io.harnessgym.qualify;

import io.harnessgym.registry.QualificationRecord.Verdict;
import io.harnessgym.text.JUnitXml;
import io.harnessgym.workspace.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A qualification as JUnit XML, the format CI systems show natively (GitHub, GitLab, Jenkins): one
 * test case per artifact, its failed checks in the failure text. Written by a StAX writer (never by
 * concatenation, {@link JUnitXml}), with agent-written text stripped of characters XML 1.0 cannot
 * carry.
 */
public final class JUnitReport {
    private JUnitReport() {}

    public static void write(QualificationReport report, Path file) {
        AtomicFiles.write(file, render(report));
    }

    static byte[] render(QualificationReport report) {
        List<JUnitXml.Case> cases = new ArrayList<>();
        for (ArtifactVerdict verdict : report.artifacts()) {
            cases.add(
                    new JUnitXml.Case(
                            "harnessgym." + verdict.kind(),
                            verdict.artifactId(),
                            verdict.seconds(),
                            verdict.passed()
                                    ? null
                                    : new JUnitXml.Failure(
                                            "qualification",
                                            first(verdict.failureText()),
                                            details(verdict, report)),
                            null));
        }
        for (QualificationReport.Earlier earlier : report.earlier()) {
            String id = earlier.artifactId();
            boolean failed = earlier.verdict() == Verdict.FAILED;
            cases.add(
                    new JUnitXml.Case(
                            "harnessgym." + id.substring(0, Math.max(0, id.indexOf(':'))),
                            id,
                            0,
                            failed
                                    ? new JUnitXml.Failure(
                                            "qualification",
                                            "failed earlier at this content digest",
                                            "report: " + earlier.reportPath())
                                    : null,
                            failed
                                    ? null
                                    : "qualified earlier at digest "
                                            + earlier.digest()
                                            + "; report: "
                                            + earlier.reportPath()));
        }
        return JUnitXml.render(
                new JUnitXml.Suite(
                        "harnessgym qualify",
                        "harnessgym qualification",
                        report.createdAt().replaceFirst("Z$", ""),
                        report.seconds(),
                        cases));
    }

    private static String details(ArtifactVerdict verdict, QualificationReport report) {
        StringBuilder text = new StringBuilder();
        for (CheckRecord check : verdict.checks()) {
            text.append(check.verdict() == Verdict.PASSED ? "passed " : "FAILED ")
                    .append(check.check().id())
                    .append(": ")
                    .append(check.message())
                    .append('\n');
            if (check.output() != null) {
                appendTail(text, "stdout", check.output().stdout());
                appendTail(text, "stderr", check.output().stderr());
            }
        }
        text.append("digest: ").append(verdict.digest()).append('\n');
        text.append("report: ").append(report.reportPath()).append('\n');
        return text.toString();
    }

    private static void appendTail(StringBuilder text, String name, String tail) {
        if (tail != null && !tail.isBlank()) {
            text.append("  ").append(name).append(":\n");
            tail.strip().lines().forEach(line -> text.append("    ").append(line).append('\n'));
        }
    }

    private static String first(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
