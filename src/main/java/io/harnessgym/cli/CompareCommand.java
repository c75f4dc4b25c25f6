package io.harnessgym.cli;

import io.harnessgym.compare.Arm;
import io.harnessgym.compare.Compare;
import io.harnessgym.compare.CompareContext;
import io.harnessgym.compare.ComparePlan;
import io.harnessgym.compare.PlanRequest;
import io.harnessgym.compare.Shard;
import io.harnessgym.compare.TrialSettings;
import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.runner.all.Runners;
import io.harnessgym.text.Durations;
import io.harnessgym.workspace.Digests;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code harnessgym compare}: plain against harnessed attempt-only trials from one template, in a
 * seeded interleaved order, with statistics and a verdict. Exit 0 when the verdict is "better" (a
 * shard: when it finished), 1 otherwise, 2 or 3 when it could not run.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {
            "Run plain and harnessed trials of a task from one clean template and say, with statistics, whether the harness helped.",
            "Trials run attempt-only, interleaved in a seeded order, each in its own workspace, state and agent homes."
        },
        subcommands = {CompareMergeCommand.class, CompareRegradeCommand.class})
final class CompareCommand extends ReportingCommand {
    @ParentCommand HarnessGymCommand root;

    @Option(names = "--task", paramLabel = "FILE", description = "A task file (repeatable).")
    List<Path> task = new ArrayList<>();

    @Option(
            names = "--tasks",
            paramLabel = "FILE|DIR",
            arity = "1..*",
            description = "Task files, or folders of them (*.md, and */task.md).")
    List<Path> tasks = new ArrayList<>();

    @Option(
            names = "--artifact-source",
            paramLabel = "DIR",
            description =
                    "The harnessed arm's bundle: a workspace holding .harnessgym, or that folder.")
    Path artifactSource;

    @Option(
            names = "--trust-bundle",
            description =
                    "Run the commands of a bundle that is not this workspace's own (its servers and self-tests).")
    boolean trustBundle;

    @Option(
            names = "--trials",
            defaultValue = "5",
            paramLabel = "N",
            description = "Trials per arm and task.")
    int trials;

    @Option(names = "--arms", defaultValue = "plain,harnessed", split = ",", paramLabel = "A,B")
    List<String> arms;

    @Option(
            names = "--parallel",
            defaultValue = "1",
            paramLabel = "P",
            description = "Trials at once.")
    int parallel;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "The trial order's seed (default: from the compare id, so shards agree).")
    Long seed;

    @Option(names = "--compare-id", paramLabel = "ID", description = "Default: <UTC time>-<8 hex>.")
    String compareId;

    @Option(
            names = "--resume",
            paramLabel = "ID",
            description = "Go on with a stopped compare: only the trials it lacks run.")
    String resume;

    @Option(
            names = "--shard",
            paramLabel = "I/N",
            description =
                    "Run only shard I of N (default: JOB_COMPLETION_INDEX or HARNESSGYM_SHARD_INDEX,"
                            + " with HARNESSGYM_SHARD_COUNT).")
    String shard;

    @Option(
            names = "--iterations",
            defaultValue = "1",
            paramLabel = "N",
            description = "Attempts per trial.")
    int iterations;

    @Option(names = "--attempt-timeout", defaultValue = "5m", paramLabel = "D")
    String attemptTimeout;

    @Option(
            names = {"--verify", "--post-command"},
            paramLabel = "CMD",
            description = "The check for every task (default: each task's verify or score).")
    String verify;

    @Option(
            names = {"--check-timeout", "--post-timeout"},
            defaultValue = "2m",
            paramLabel = "D")
    String checkTimeout;

    @Option(
            names = "--protect",
            paramLabel = "PATH",
            description = "Also put back before each check.")
    List<String> protect = new ArrayList<>();

    @Option(
            names = {"--score-key", "--post-score-key"},
            paramLabel = "K")
    String scoreKey;

    @Option(
            names = "--direction",
            paramLabel = "higher|lower",
            description = "Which scores are better.")
    String direction;

    @Option(
            names = "--optimization-mode",
            description = "Judge by the best verified score of each trial.")
    boolean optimizationMode;

    @Option(
            names = "--require-active-harness",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "A harnessed trial with nothing active is invalid (default).")
    boolean requireActive;

    @Option(
            names = "--require-harness-tool-use",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "A harnessed trial whose attempt called no tool is invalid (default).")
    boolean requireToolUse;

    @picocli.CommandLine.Mixin RunnerOptions runnerOptions;

    @Override
    public Integer call() throws Exception {
        root.state().ensure();
        Shard mine;
        try {
            mine = Shard.of(shard, root.env());
        } catch (IllegalArgumentException e) {
            throw new HarnessGymException(ExitCode.USAGE, e.getMessage());
        }
        String id =
                resume != null
                        ? Ids.safe(resume, "--resume")
                        : compareId == null ? Ids.fresh() : Ids.safe(compareId, "--compare-id");
        if (resume != null) {
            refusePlanFlagsOnResume();
        }
        CompareContext context = context(root, id, runnerOptions.kind());
        Compare compare = new Compare(context, line -> err().println(line));
        ComparePlan plan;
        if (resume != null
                || (mine != null
                        && Files.isRegularFile(context.dir().resolve("compare_plan.json")))) {
            // Resumed, or another shard of the same plan on this machine: the recorded plan, run
            // by the runner it names (not whatever --runner says now).
            plan = compare.recordedPlan();
            context = context(root, id, plan.settings().runner());
            compare = new Compare(context, line -> err().println(line));
        } else {
            plan = compare.plan(request(id));
        }
        err().println(
                        "compare "
                                + id
                                + ": "
                                + plan.order().size()
                                + " trial(s) in the plan"
                                + (mine == null
                                        ? ""
                                        : ", shard "
                                                + mine.id()
                                                + " runs "
                                                + plan.shard(mine).size()));
        Compare.Outcome outcome = compare.run(plan, mine, parallel);
        return CompareOutput.report(this, outcome, mine != null);
    }

    /** What may be given with {@code --resume}: how the recorded plan runs, not what it is. */
    private static final Set<String> RESUME_TAKES = Set.of("--resume", "--parallel", "--shard");

    /**
     * The plan of a resumed compare is the one recorded: a flag that would change it (tasks,
     * trials, arms, seed, check, runner and its options) is refused rather than silently ignored.
     */
    private void refusePlanFlagsOnResume() {
        List<String> given =
                spec.commandLine().getParseResult().matchedOptions().stream()
                        .filter(option -> !option.inherited())
                        .map(picocli.CommandLine.Model.OptionSpec::longestName)
                        .filter(name -> !RESUME_TAKES.contains(name) && !name.equals("--json"))
                        .distinct()
                        .toList();
        if (!given.isEmpty()) {
            throw new HarnessGymException(
                    ExitCode.USAGE,
                    "--resume goes on with the plan recorded for "
                            + resume
                            + " (its tasks, trials, check and runner); it takes only --parallel"
                            + " and --shard, not "
                            + String.join(", ", given));
        }
    }

    static CompareContext context(HarnessGymCommand root, String id, RunnerKind kind) {
        return new CompareContext(
                root.workspace(),
                root.state(),
                root.state().ensureDir("compares").resolve(id),
                root.env(),
                ProxyLauncher.current(),
                ctx -> Runners.create(kind, ctx));
    }

    private PlanRequest request(String id) throws IOException {
        try {
            List<Arm> armList = arms.stream().map(Arm::parse).toList();
            Boolean higher =
                    direction == null
                            ? null
                            : switch (direction) {
                                case "higher" -> true;
                                case "lower" -> false;
                                default ->
                                        throw new IllegalArgumentException(
                                                "--direction must be higher or lower");
                            };
            PlanRequest.Overrides overrides =
                    new PlanRequest.Overrides(verify, protect, scoreKey, higher, optimizationMode);
            Set<String> names = new HashSet<>();
            List<PlanRequest.TaskInput> inputs = new ArrayList<>();
            for (Path file : taskFiles()) {
                Path resolved = Files.exists(file) ? file : root.workspace().root().resolve(file);
                String text = Json.readUtf8(resolved, resolved);
                if (text.isBlank()) {
                    throw HarnessGymException.badInput("the task " + file + " is empty");
                }
                inputs.add(
                        PlanRequest.task(
                                file, resolved, text, overrides, root.workspace().root(), names));
            }
            TrialSettings settings =
                    new TrialSettings(
                            runnerOptions.kind(),
                            runnerOptions.options(),
                            iterations,
                            Durations.parseSeconds(attemptTimeout),
                            Durations.parseSeconds(checkTimeout),
                            optimizationMode,
                            requireActive,
                            requireToolUse);
            long chosen = seed != null ? seed : Long.parseUnsignedLong(Digests.shortKey(id, 7), 16);
            return new PlanRequest(
                    id, inputs, artifactSource, trustBundle, armList, trials, chosen, settings);
        } catch (IllegalArgumentException e) {
            throw new HarnessGymException(ExitCode.USAGE, e.getMessage());
        }
    }

    /** {@code --task} files, then {@code --tasks} files and the task files in its folders. */
    private List<Path> taskFiles() throws IOException {
        List<Path> files = new ArrayList<>(task);
        for (Path entry : tasks) {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> list = Files.list(entry)) {
                    for (Path child : list.sorted().toList()) {
                        if (Files.isRegularFile(child)
                                && child.getFileName().toString().endsWith(".md")
                                && !child.getFileName().toString().equalsIgnoreCase("README.md")) {
                            files.add(child);
                        } else if (Files.isRegularFile(child.resolve("task.md"))) {
                            files.add(child.resolve("task.md"));
                        }
                    }
                }
            } else {
                files.add(entry);
            }
        }
        if (files.isEmpty()) {
            throw new HarnessGymException(
                    ExitCode.USAGE, "give a task: --task FILE or --tasks FILE|DIR...");
        }
        return files;
    }
}
