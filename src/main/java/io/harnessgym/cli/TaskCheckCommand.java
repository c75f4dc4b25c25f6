package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.snapshot.Excludes;
import io.harnessgym.snapshot.Snapshot;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.task.CheckFiles;
import io.harnessgym.task.Oracle;
import io.harnessgym.task.TaskCheck;
import io.harnessgym.task.TaskCheckReport;
import io.harnessgym.task.TaskContract;
import io.harnessgym.task.TaskFile;
import io.harnessgym.text.Durations;
import io.harnessgym.text.JUnitXml;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.AtomicFiles;
import io.harnessgym.workspace.ConfinedPaths;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.WorkspaceLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code harnessgym task check TASK --oracle ...}: is the task worth running an agent on. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description =
                "Run the task's check on the untouched workspace (the noop) and on an oracle"
                        + " solution, each N times in clean rooms. Exit 0 when the task is valid (the"
                        + " oracle passes, the noop fails or scores worse, both deterministic), 1"
                        + " with the reasons when not.")
final class TaskCheckCommand extends ReportingCommand {
    @ParentCommand TaskCommand parent;

    @Parameters(paramLabel = "TASK", description = "The task file.")
    Path file;

    @Option(
            names = "--oracle",
            required = true,
            paramLabel = "PATCH|DIR|COMMAND",
            description =
                    "The reference solution: a patch file (git apply), a folder copied over the"
                            + " workspace, or a shell command run in the room.")
    String oracle;

    @Option(
            names = "--runs",
            defaultValue = "3",
            paramLabel = "N",
            description = "Runs of the check on each (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write JUnit XML.")
    Path junit;

    @Option(
            names = "--timeout",
            defaultValue = "2m",
            paramLabel = "D",
            description = "Time limit of each check and of applying the oracle (default 2m).")
    String timeout;

    @Option(
            names = "--tolerance",
            paramLabel = "X",
            description =
                    "How far apart two runs' scores may be (default: the task's score.tolerance,"
                            + " else 0).")
    Double tolerance;

    @Option(
            names = {"--post-attempt-command", "--verify"},
            paramLabel = "CMD",
            description = "The check, for a task file whose front matter names none.")
    String command;

    @Option(
            names = "--protect",
            paramLabel = "PATH",
            description = "Another path restored from the baseline before each check (repeatable).")
    List<String> protect = new ArrayList<>();

    @Option(
            names = "--score-key",
            paramLabel = "K",
            description = "The score's JSON key (default: the task's, else score).")
    String scoreKey;

    @Option(
            names = "--direction",
            paramLabel = "higher|lower",
            description = "Which way the score is better (default: the task's).")
    String direction;

    @Option(names = "--keep-clean-rooms", description = "Keep the rooms ('state gc' removes them).")
    boolean keepRooms;

    @Override
    public Integer call() {
        TaskFile task = TaskFile.parse(Json.readUtf8(file, file), file.toString());
        TaskCheck.Options options = options(task);
        Oracle solution = Oracle.of(oracle, Path.of("").toAbsolutePath());
        var root = parent.root;
        TaskCheckReport report;
        try (WorkspaceLock lock = WorkspaceLock.acquire(root.workspace(), "task check");
                SnapshotStore store = SnapshotStore.open(root.workspace(), root.state())) {
            Snapshot baseline = store.take("task check baseline", Excludes.DEFAULT);
            report =
                    TaskCheck.check(
                            store,
                            root.state(),
                            root.env(),
                            baseline,
                            solution,
                            options,
                            file.getFileName().toString());
        }
        if (junit != null) {
            AtomicFiles.write(junit.toAbsolutePath(), JUnitXml.render(report.junit()));
        }
        return report(
                Json.MAPPER.valueToTree(report),
                text(report),
                report.valid() ? ExitCode.OK : ExitCode.NEGATIVE);
    }

    private TaskCheck.Options options(TaskFile task) {
        TaskContract contract = task.contract();
        String check = command != null ? command : contract.verify();
        if (check == null) {
            check = contract.scoreCommand();
        }
        if (check == null) {
            throw new HarnessGymException(
                    ExitCode.USAGE,
                    file
                            + " names no check (front matter verify or score.command); give"
                            + " --post-attempt-command");
        }
        if (runs < 1) {
            throw new HarnessGymException(ExitCode.USAGE, "--runs must be at least 1");
        }
        Boolean higher = contract.higherIsBetter();
        if (direction != null) {
            higher =
                    switch (direction) {
                        case "higher" -> true;
                        case "lower" -> false;
                        default ->
                                throw new HarnessGymException(
                                        ExitCode.USAGE, "--direction is higher or lower");
                    };
        }
        Double tol = tolerance != null ? tolerance : contract.scoreTolerance();
        if (tol != null && (!(tol >= 0) || tol.isInfinite())) {
            throw new HarnessGymException(ExitCode.USAGE, "--tolerance must be at least 0");
        }
        LinkedHashSet<String> protectedPaths = new LinkedHashSet<>(contract.protectedPaths());
        for (String path : protect) {
            String problem = ConfinedPaths.lexicalProblem(path);
            if (problem != null) {
                throw new HarnessGymException(
                        ExitCode.USAGE, "--protect '" + path + "' " + problem);
            }
            protectedPaths.add(path);
        }
        protectedPaths.addAll(CheckFiles.named(check, parent.root.workspace().root()));
        Duration limit;
        try {
            limit = Duration.ofSeconds(Durations.parseSeconds(timeout));
        } catch (IllegalArgumentException e) {
            throw new HarnessGymException(ExitCode.USAGE, "--timeout: " + e.getMessage());
        }
        return new TaskCheck.Options(
                check,
                scoreKey != null
                        ? scoreKey
                        : contract.scoreKey() != null ? contract.scoreKey() : "score",
                higher,
                tol == null ? 0 : tol,
                List.copyOf(protectedPaths),
                contract.scope(),
                task.holdout(),
                limit,
                runs,
                keepRooms);
    }

    static String text(TaskCheckReport report) {
        StringBuilder text = new StringBuilder();
        text.append("task check ")
                .append(report.valid() ? "valid" : "INVALID")
                .append(": ")
                .append(Terminal.line(report.task()))
                .append(", ")
                .append(report.runs())
                .append(report.runs() == 1 ? " run" : " runs")
                .append(" each, oracle ")
                .append(report.oracleKind())
                .append(" ")
                .append(Terminal.line(report.oracle()))
                .append(", in ")
                .append(report.seconds())
                .append(" s");
        row(text, "noop", report.noop());
        row(text, "oracle", report.oracleRuns());
        for (String reason : report.reasons()) {
            text.append("\n  reason: ").append(Terminal.line(reason));
        }
        for (String note : report.notes()) {
            text.append("\n  note: ").append(Terminal.line(note));
        }
        text.append("\nsandbox: ").append(report.sandbox() == null ? "-" : report.sandbox());
        text.append("\nreport: ").append(report.reportPath());
        return text.toString();
    }

    private static void row(StringBuilder text, String name, List<TaskCheck.CheckRun> runs) {
        text.append(String.format("%n  %-7s", name));
        text.append(
                runs.stream()
                        .map(
                                r ->
                                        r.problem() != null
                                                ? "ERROR"
                                                : (r.verdict().passed() ? "pass" : "FAIL")
                                                        + (r.verdict().score() == null
                                                                ? ""
                                                                : "(" + r.verdict().score() + ")"))
                        .collect(Collectors.joining(" ")));
    }
}
