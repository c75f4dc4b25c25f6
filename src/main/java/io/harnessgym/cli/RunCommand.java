package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.loop.Orchestrator;
import io.harnessgym.loop.RunConfig;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.runner.all.Runners;
import io.harnessgym.text.Durations;
import io.harnessgym.workspace.ConfinedPaths;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code harnessgym run}: the loop (attempt → score → reflect → build → qualify → activate → next
 * attempt). Exit 0 when harnessgym verified a solve, 1 when the run ended unsolved, 3 when it could
 * not run.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the agent on a task in fresh attempts, building, qualifying and activating the tools it misses.",
            "After each attempt harnessgym scores it itself; the same session reflects on the tool it missed and builds it."
        })
final class RunCommand extends ReportingCommand {
    @ParentCommand HarnessGymCommand root;

    static final class TaskSource {
        @Option(
                names = "--task",
                paramLabel = "FILE",
                description =
                        "The task file (relative: to the current folder, else the workspace).")
        Path file;

        @Option(names = "--task-text", paramLabel = "TEXT", description = "The task as text.")
        String text;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    TaskSource task;

    @Option(names = "--iterations", defaultValue = "3", paramLabel = "N")
    int iterations;

    @Option(names = "--run-id", paramLabel = "ID", description = "Default: <UTC time>-<8 hex>.")
    String runId;

    @Option(names = "--attempt-timeout", defaultValue = "45m", paramLabel = "D")
    String attemptTimeout;

    @Option(
            names = "--reflection-timeout",
            paramLabel = "D",
            description = "Default: the build timeout.")
    String reflectionTimeout;

    @Option(
            names = "--build-timeout",
            defaultValue = "20m",
            paramLabel = "D",
            description = "Also each repair.")
    String buildTimeout;

    @Option(
            names = "--post-attempt-command",
            paramLabel = "CMD",
            description = "Scores each attempt (sh -c), in a scoring room; prints a JSON verdict.")
    String postAttemptCommand;

    @Option(
            names = "--protect",
            paramLabel = "PATH",
            description =
                    "A path the post-attempt command reads, put back from the baseline before it runs (repeatable).")
    List<String> protect = new ArrayList<>();

    @Option(names = "--post-attempt-timeout", defaultValue = "2m", paramLabel = "D")
    String postAttemptTimeout;

    @Option(
            names = {"--score-key", "--post-attempt-score-key"},
            defaultValue = "score",
            paramLabel = "K")
    String scoreKey;

    @Option(names = "--stop-score", paramLabel = "X")
    Double stopScore;

    @Option(names = "--higher-is-better")
    boolean higherIsBetter;

    @Option(names = "--build-after-solve")
    boolean buildAfterSolve;

    @Option(names = "--no-qualify-artifacts", negatable = false)
    boolean noQualify;

    @Option(names = "--artifact-repair-attempts", defaultValue = "1", paramLabel = "N")
    int repairs;

    @Option(names = "--max-wall-time", paramLabel = "D")
    String maxWallTime;

    @Option(names = "--max-cost-usd", paramLabel = "X")
    Double maxCostUsd;

    @picocli.CommandLine.Mixin RunnerOptions runnerOptions;

    @Override
    public Integer call() throws Exception {
        Workspace workspace = root.workspace();
        StateDir state = root.state();
        String text = taskText(workspace);
        RunConfig config;
        RunnerKind kind;
        try {
            kind = runnerOptions.kind();
            for (String path : protect) {
                String problem = ConfinedPaths.lexicalProblem(path);
                if (problem != null) {
                    throw new IllegalArgumentException("--protect " + path + ": " + problem);
                }
            }
            String build = buildTimeout;
            config =
                    new RunConfig(
                            runId == null ? newRunId() : safeRunId(runId),
                            task.file == null ? null : task.file.toString(),
                            "sha256:"
                                    + HexFormat.of()
                                            .formatHex(
                                                    MessageDigest.getInstance("SHA-256")
                                                            .digest(
                                                                    text.getBytes(
                                                                            StandardCharsets
                                                                                    .UTF_8))),
                            iterations,
                            kind,
                            runnerOptions.options(),
                            Durations.parseSeconds(attemptTimeout),
                            Durations.parseSeconds(
                                    reflectionTimeout == null ? build : reflectionTimeout),
                            Durations.parseSeconds(build),
                            postAttemptCommand,
                            protect,
                            Durations.parseSeconds(postAttemptTimeout),
                            scoreKey,
                            stopScore,
                            higherIsBetter,
                            buildAfterSolve,
                            !noQualify,
                            repairs,
                            maxWallTime == null ? null : (long) Durations.parseSeconds(maxWallTime),
                            maxCostUsd);
        } catch (IllegalArgumentException e) {
            throw new HarnessGymException(ExitCode.USAGE, e.getMessage());
        }
        state.ensure();
        ProxyLauncher launcher = ProxyLauncher.current();
        RunnerContext context =
                new RunnerContext(workspace, state, root.env(), launcher, config.runnerOptions());
        Orchestrator.Outcome outcome =
                new Orchestrator(workspace, state, root.env(), launcher)
                        .run(config, text, Runners.create(kind, context));
        String lines =
                "run "
                        + config.runId()
                        + ": "
                        + outcome.status()
                        + " ("
                        + outcome.stopReason()
                        + ")"
                        + "\nsolved and verified: "
                        + (outcome.solved() ? "yes" : "no")
                        + (outcome.bestScore() == null
                                ? ""
                                : "\nbest verified score: " + outcome.bestScore())
                        + "\nsummary: "
                        + outcome.summaryFile();
        return report(
                Json.readTree(outcome.summaryFile(), outcome.summaryFile()),
                lines,
                outcome.solved() ? ExitCode.OK : ExitCode.NEGATIVE);
    }

    private String taskText(Workspace workspace) {
        String text;
        if (task.file != null) {
            Path file = Files.exists(task.file) ? task.file : workspace.root().resolve(task.file);
            text = Json.readUtf8(file, file);
        } else {
            text = task.text;
        }
        if (text == null || text.isBlank()) {
            throw new HarnessGymException(ExitCode.USAGE, "the task is empty");
        }
        return text;
    }

    private static String newRunId() {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                        .format(ZonedDateTime.now(ZoneOffset.UTC))
                + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String safeRunId(String id) {
        if (!id.matches("[A-Za-z0-9_.-]{1,100}") || id.startsWith(".")) {
            throw new IllegalArgumentException(
                    "--run-id must be letters, digits, '.', '_' or '-' (at most 100)");
        }
        return id;
    }
}
