package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.loop.Orchestrator;
import io.harnessgym.loop.RunConfig;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.runner.all.Runners;
import io.harnessgym.task.TaskFile;
import io.harnessgym.text.Durations;
import io.harnessgym.workspace.ConfinedPaths;
import io.harnessgym.workspace.Digests;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code harnessgym run}: the loop (attempt → score → reflect → build → qualify → activate → next
 * attempt). Settings come from the flags, else from {@code harnessgym.toml}'s {@code [run]} table.
 * Exit 0 when harnessgym verified a solve (in optimization mode: a verified improvement), 1 when
 * the run ended without one, 3 when it could not run.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the agent on a task in fresh attempts, building, qualifying and activating the tools it misses.",
            "After each attempt harnessgym scores it itself; the same session reflects on the tool it missed and builds it.",
            "Options may also come from a harnessgym.toml [run] table at the workspace root; flags win."
        })
final class RunCommand extends ReportingCommand {
    @ParentCommand HarnessGymCommand root;
    @Spec CommandSpec spec;

    @Option(
            names = "--task",
            paramLabel = "FILE",
            description = "The task file (relative: to the current folder, else the workspace).")
    Path taskFile;

    @Option(names = "--task-text", paramLabel = "TEXT", description = "The task as text.")
    String taskText;

    @Option(
            names = "--resume",
            paramLabel = "RUN_ID",
            description =
                    "Go on with an interrupted run from its last completed step, with its recorded settings.")
    String resume;

    @Option(
            names = "--discard-changes",
            description =
                    "With --resume: put the workspace back to where the last completed step left it"
                            + " (the changes are kept in a snapshot).")
    boolean discardChanges;

    @Option(names = "--iterations", defaultValue = "3", paramLabel = "N")
    int iterations;

    @Option(names = "--run-id", paramLabel = "ID", description = "Default: <UTC time>-<8 hex>.")
    String runId;

    @Option(names = "--attempt-timeout", defaultValue = "45m", paramLabel = "D")
    String attemptTimeout;

    @Option(
            names = "--attempt-timeouts",
            paramLabel = "D,D,...",
            description =
                    "Per-iteration attempt limits; iteration i takes entry i (the last repeats).")
    String attemptTimeouts;

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
            names = "--evaluator-runner",
            paramLabel = "R",
            description =
                    "Also judge each attempt in a fresh session of this runner, given the task's"
                            + " holdout; its verdict is its own (never solved or the score).")
    String evaluatorRunner;

    @Option(names = "--evaluator-timeout", defaultValue = "10m", paramLabel = "D")
    String evaluatorTimeout;

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

    @Option(
            names = "--optimization-mode",
            description =
                    "Score the baseline, keep the best verified attempt's tree, restore it at the end.")
    boolean optimizationMode;

    @Option(
            names = "--restore-best",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "In optimization mode, restore the best checkpoint at the end (default).")
    boolean restoreBest;

    @Option(
            names = "--task-state",
            defaultValue = "continue",
            paramLabel = "continue|reset",
            description = "reset: put the baseline back before attempts 2..N.")
    RunConfig.TaskState taskState;

    @Option(
            names = "--harness-depth",
            defaultValue = "deep",
            paramLabel = "deep|standard",
            description = "How much the reflection and build prompts ask for.")
    RunConfig.HarnessDepth harnessDepth;

    @Option(
            names = "--qualify-artifacts",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Qualify what the agent builds before it is activated (default).")
    boolean qualify;

    @Option(names = "--artifact-repair-attempts", defaultValue = "1", paramLabel = "N")
    int repairs;

    @Option(
            names = "--keep-best-bundle",
            description =
                    "At the end, roll the bundle back to the one active for the best verified score.")
    boolean keepBestBundle;

    @Option(names = "--max-wall-time", paramLabel = "D")
    String maxWallTime;

    @Option(names = "--max-cost-usd", paramLabel = "X")
    Double maxCostUsd;

    @picocli.CommandLine.Mixin RunnerOptions runnerOptions;

    @Override
    public Integer call() throws Exception {
        Workspace workspace = root.workspace();
        StateDir state = root.state();
        state.ensure();
        ProxyLauncher launcher = ProxyLauncher.current();
        Orchestrator.Outcome outcome;
        RunProgress progress = RunProgress.open(err(), root.env());
        Orchestrator orchestrator =
                new Orchestrator(workspace, state, root.env(), launcher, progress);
        RunConfig config;
        try (progress) {
            if (resume != null) {
                requireOnlyResume();
                config = orchestrator.recordedConfig(Ids.safe(resume, "--resume"));
                outcome =
                        orchestrator
                                .evaluator(evaluator(workspace, state, config))
                                .resume(
                                        config.runId(),
                                        runner(workspace, state, config),
                                        discardChanges);
            } else {
                ProjectFile.apply(spec, workspace.root(), "run");
                String text = taskText(workspace);
                String source = taskFile == null ? "--task-text" : taskFile.toString();
                TaskDefaults.apply(spec, TaskFile.parse(text, source).contract(), source);
                config = config(text);
                outcome =
                        orchestrator
                                .evaluator(evaluator(workspace, state, config))
                                .run(config, text, runner(workspace, state, config));
            }
        }
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
        boolean good =
                outcome.solved()
                        || (config.optimizationMode()
                                && Json.readTree(outcome.summaryFile(), outcome.summaryFile())
                                        .at("/optimization/improved")
                                        .asBoolean(false));
        return report(
                Json.readTree(outcome.summaryFile(), outcome.summaryFile()),
                lines,
                good ? ExitCode.OK : ExitCode.NEGATIVE);
    }

    /** The evaluator's runner, with the run's runner options, or null. */
    private io.harnessgym.runner.Runner evaluator(
            Workspace workspace, StateDir state, RunConfig config) {
        return config.evaluator() == null
                ? null
                : runner(workspace, state, config, config.evaluator().runner());
    }

    private io.harnessgym.runner.Runner runner(
            Workspace workspace, StateDir state, RunConfig config) {
        return runner(workspace, state, config, config.runner());
    }

    private io.harnessgym.runner.Runner runner(
            Workspace workspace, StateDir state, RunConfig config, RunnerKind kind) {
        RunnerContext context =
                new RunnerContext(
                        workspace,
                        state,
                        root.env(),
                        ProxyLauncher.current(),
                        config.runnerOptions());
        return Runners.create(kind, context);
    }

    /** With --resume the run's recorded settings apply; another run option is a mistake. */
    private void requireOnlyResume() {
        for (var option : spec.commandLine().getParseResult().matchedOptions()) {
            String name = option.longestName();
            if (!List.of("--resume", "--discard-changes", "--json").contains(name)
                    && !option.inherited()) {
                throw new HarnessGymException(
                        ExitCode.USAGE,
                        "--resume goes on with the run's recorded settings; drop " + name);
            }
        }
    }

    private RunConfig config(String text) {
        try {
            RunnerKind kind = runnerOptions.kind();
            for (String path : protect) {
                String problem = ConfinedPaths.lexicalProblem(path);
                if (problem != null) {
                    throw new IllegalArgumentException("--protect " + path + ": " + problem);
                }
            }
            // The files the check names are the contract's too (protect has no duplicates).
            protect = new ArrayList<>(protect);
            for (String file :
                    io.harnessgym.task.CheckFiles.named(
                            postAttemptCommand, root.workspace().root())) {
                if (!protect.contains(file)) {
                    protect.add(file);
                }
            }
            return RunConfig.builder(runId == null ? Ids.fresh() : Ids.safe(runId, "--run-id"))
                    .task(taskFile == null ? null : taskFile.toString(), Digests.text(text))
                    .iterations(iterations)
                    .runner(kind, runnerOptions.options())
                    .attemptTimeout(Durations.parseSeconds(attemptTimeout), schedule())
                    .reflectionTimeout(
                            Durations.parseSeconds(
                                    reflectionTimeout == null ? buildTimeout : reflectionTimeout))
                    .buildTimeout(Durations.parseSeconds(buildTimeout))
                    .postAttempt(
                            postAttemptCommand, protect, Durations.parseSeconds(postAttemptTimeout))
                    .score(scoreKey, stopScore, higherIsBetter)
                    .buildAfterSolve(buildAfterSolve)
                    .optimization(optimizationMode, restoreBest)
                    .taskState(taskState)
                    .harnessDepth(harnessDepth)
                    .qualification(qualify, repairs)
                    .keepBestBundle(keepBestBundle)
                    .evaluator(
                            evaluatorRunner == null ? null : RunnerKind.parse(evaluatorRunner),
                            Durations.parseSeconds(evaluatorTimeout))
                    .budget(
                            maxWallTime == null ? null : (Long) Durations.parseSeconds(maxWallTime),
                            maxCostUsd)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new HarnessGymException(ExitCode.USAGE, e.getMessage());
        }
    }

    /** {@code --attempt-timeouts}: empty pieces are ignored; none usable is an error. */
    private List<Long> schedule() {
        List<Long> seconds = new ArrayList<>();
        if (attemptTimeouts == null) {
            return seconds;
        }
        for (String piece : attemptTimeouts.split(",")) {
            if (!piece.isBlank()) {
                seconds.add(Durations.parseSeconds(piece));
            }
        }
        if (seconds.isEmpty()) {
            throw new IllegalArgumentException("--attempt-timeouts names no duration");
        }
        return seconds;
    }

    private String taskText(Workspace workspace) {
        if ((taskFile == null) == (taskText == null)) {
            throw new HarnessGymException(
                    ExitCode.USAGE, "give the task: --task FILE or --task-text TEXT (one of them)");
        }
        String text;
        if (taskFile != null) {
            Path file = Files.exists(taskFile) ? taskFile : workspace.root().resolve(taskFile);
            text = Json.readUtf8(file, file);
        } else {
            text = taskText;
        }
        if (text == null || text.isBlank()) {
            throw new HarnessGymException(ExitCode.USAGE, "the task is empty");
        }
        return text;
    }
}
