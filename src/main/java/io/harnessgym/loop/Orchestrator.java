package io.harnessgym.loop;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.runner.AgentProcess;
import io.harnessgym.runner.Runner;
import io.harnessgym.snapshot.Excludes;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.workspace.AtomicFiles;
import io.harnessgym.workspace.Digests;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import io.harnessgym.workspace.WorkspaceLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The loop, as DESIGN.md draws it: setup (lock, config, baseline snapshot, baseline score in
 * optimization mode, qualify and activate), then per iteration the steps task-state → attempt →
 * score → reflect → build → qualify (repair, quarantine, activate), each returning an outcome
 * recorded in the ledger and in {@code state.json}, until a verified solve, a verified stop score,
 * a spent budget or the last iteration; then, in optimization mode, the best checkpoint is
 * restored. {@code summary.json} is written whatever happens, also on SIGINT/SIGTERM, and an
 * interrupted run can be resumed ({@link #resume}) from its last completed step.
 */
public final class Orchestrator {
    static final List<Step> STEPS =
            List.of(
                    new TaskStateStep(),
                    new PhaseSteps.Attempt(),
                    new EvaluateStep(),
                    new ScoreStep(),
                    new PhaseSteps.Reflect(),
                    new PhaseSteps.Build(),
                    new QualifyStep());

    private final Workspace workspace;
    private final StateDir state;
    private final Map<String, String> env;
    private final ProxyLauncher launcher;
    private final RunListener listener;
    private Runner evaluator;

    public Orchestrator(
            Workspace workspace, StateDir state, Map<String, String> env, ProxyLauncher launcher) {
        this(workspace, state, env, launcher, RunListener.NONE);
    }

    public Orchestrator(
            Workspace workspace,
            StateDir state,
            Map<String, String> env,
            ProxyLauncher launcher,
            RunListener listener) {
        this.workspace = workspace;
        this.state = state;
        this.env = Map.copyOf(env);
        this.launcher = launcher;
        this.listener = listener;
    }

    /**
     * The runner of the evaluator phase, when the run's config names one ({@code EvaluateStep}).
     */
    public Orchestrator evaluator(Runner runner) {
        this.evaluator = runner;
        return this;
    }

    /** The summary and where it is. */
    public record Outcome(
            Path summaryFile, String status, String stopReason, boolean solved, Double bestScore) {}

    /** A new run. */
    public Outcome run(RunConfig config, String task, Runner runner) {
        Path dir = runDir(config.runId());
        if (Files.exists(dir)) {
            throw HarnessGymException.badInput(
                    "run "
                            + config.runId()
                            + " exists already ("
                            + dir
                            + "); pick another --run-id, or --resume it");
        }
        AgentProcess.createDirectories(dir);
        // The task as the run reads it, in the private state: never from the workspace again.
        AtomicFiles.writeString(dir.resolve("task.md"), task);
        return drive(config, task, runner, dir, null, false);
    }

    /** The settings a run recorded (for {@code --resume}: the runner is made from them). */
    public RunConfig recordedConfig(String runId) {
        Path file = runDir(runId).resolve("run_config.json");
        if (!Files.isRegularFile(file)) {
            throw HarnessGymException.badInput("no run " + runId + " to resume (no " + file + ")");
        }
        return Json.readRecord(file, RunConfig.class, "a run configuration");
    }

    /**
     * Goes on with an interrupted (or failed) run from its last completed step, after checking that
     * the workspace is as that step left it.
     */
    public Outcome resume(String runId, Runner runner, boolean discardChanges) {
        RunConfig config = recordedConfig(runId);
        Path dir = runDir(runId);
        Path summary = dir.resolve("summary.json");
        if (Files.isRegularFile(summary)) {
            String status = Json.readTree(summary, summary).path("status").asText();
            if (!status.equals("interrupted") && !status.equals("failed")) {
                throw HarnessGymException.badInput(
                        "run " + runId + " ended (" + status + "); there is nothing to resume");
            }
        }
        RunState at = RunState.read(dir);
        if (at == null) {
            throw HarnessGymException.badInput(
                    "run " + runId + " stopped before its setup was done; start a new run");
        }
        if (at.seal() != null) {
            List<String> changed = at.seal().problems(dir);
            if (!changed.isEmpty()) {
                throw HarnessGymException.badInput(
                        "run "
                                + runId
                                + "'s records changed while it was stopped ("
                                + String.join("; ", changed)
                                + "); it cannot be resumed: its measurements would no longer be"
                                + " harnessgym's (the records are left as they are)");
            }
        }
        String task = Json.readUtf8(dir.resolve("task.md"), dir.resolve("task.md"));
        if (!config.taskDigest().equals("-") && !config.taskDigest().equals(Digests.text(task))) {
            throw HarnessGymException.badInput(
                    "run " + runId + ": the recorded task does not match its digest");
        }
        return drive(config, task, runner, dir, at, discardChanges);
    }

    private Path runDir(String runId) {
        return state.ensureDir("runs").resolve(runId);
    }

    private Outcome drive(
            RunConfig config,
            String task,
            Runner runner,
            Path dir,
            RunState from,
            boolean discardChanges) {
        AgentProcess.createDirectories(workspace.bundleDir());
        List<IterationRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, "run " + config.runId());
                SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Run run =
                    new Run(
                            workspace, state, env, launcher, config, dir, runner, store, task,
                            listener);
            run.evaluator = evaluator;
            Thread hook =
                    new Thread(
                            () -> {
                                run.interrupted = true;
                                writeSummary(run, INTERRUPTED, records);
                            },
                            "harnessgym-run-summary");
            Runtime.getRuntime().addShutdownHook(hook);
            Ending ending = INTERRUPTED;
            Outcome outcome;
            listener.runStarted(config.runId(), config.runner().id(), config.iterations());
            try {
                if (from == null) {
                    setUp(run);
                } else {
                    Resume.setUp(run, from, records, discardChanges);
                }
                ending = iterations(run, records, from);
                if (!run.interrupted) {
                    Optimization.restoreBest(run);
                    run.bestBundle = BestBundle.keep(run);
                }
            } catch (RuntimeException e) {
                ending =
                        new Ending(
                                "failed", e.getMessage() == null ? e.toString() : e.getMessage());
                throw e;
            } finally {
                Score.dropRooms(run);
                outcome = writeSummary(run, run.interrupted ? INTERRUPTED : ending, records);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down: the hook writes the same summary
                }
            }
            return outcome;
        }
    }

    /** How a run ended: its status and why. */
    record Ending(String status, String reason) {}

    static final Ending INTERRUPTED =
            new Ending("interrupted", "harnessgym was stopped by a signal");

    /**
     * Every iteration (from where a resumed run was) until a stop rule, a spent budget or the last.
     */
    private static Ending iterations(Run run, List<IterationRecord> records, RunState from) {
        int first = 1;
        int skip = 0;
        if (from != null) {
            if (from.iterationDone()) {
                if (from.stop() != null) {
                    return new Ending("stopped", from.stop());
                }
                first = from.iteration() + 1;
            } else {
                first = from.iteration();
                skip = from.stepsDone();
            }
        }
        for (int n = first; n <= run.config.iterations(); n++) {
            String spent = run.budgetSpent();
            if (spent != null) {
                return new Ending("stopped", spent);
            }
            Path itDir = run.dir.resolve("iterations").resolve(Integer.toString(n));
            Iteration it =
                    n == first && skip > 0
                            ? Iteration.from(Resume.record(itDir), itDir, run.config)
                            : new Iteration(n, itDir, run.config);
            AgentProcess.createDirectories(it.dir);
            String stop = iterate(run, it, n == first ? skip : 0);
            IterationRecord record = IterationRecord.of(run, it);
            records.add(record);
            write(it.dir.resolve("result.json"), record);
            mirror(run, "iterations/" + n + "/result.json", record);
            if (run.interrupted) {
                run.reseal();
                return INTERRUPTED;
            }
            // The last step that ran saved the tree it left as the resume point; only records
            // were written since, so the iteration's end needs no snapshot of its own.
            run.saveState(n, STEPS.size(), true, stop, true);
            if (stop != null) {
                return new Ending("stopped", stop);
            }
        }
        return new Ending("exhausted", "all " + run.config.iterations() + " iteration(s) ran");
    }

    /**
     * The run's trust anchors first: its settings, the baseline (and its score, in optimization
     * mode), and what is active at the start.
     */
    private void setUp(Run run) {
        write(run.dir.resolve("run_config.json"), run.config);
        mirror(run, "run_config.json", run.config);
        run.baseline = run.store.take("baseline-" + run.config.runId(), Excludes.DEFAULT);
        var figures = Json.object();
        figures.put("baseline", run.baseline.id());
        figures.put("files", run.baseline.files());
        figures.put("task_digest", run.config.taskDigest());
        figures.put(
                "config_digest", Digests.text(Json.compact(Json.MAPPER.valueToTree(run.config))));
        run.ledger.record(0, "baseline", "done", "baseline snapshot taken", figures);
        if (run.config.optimizationMode()) {
            Optimization.scoreBaseline(run);
        }
        run.qualifyAndActivate();
        var active = Json.object();
        active.put("active_mcp_count", run.activation.servers().size());
        active.put(
                "active_tool_count",
                run.activation.servers().stream().mapToInt(s -> s.tools().size()).sum());
        active.put("active_skill_count", run.activation.json().path("skills").size());
        run.ledger.record(
                0,
                "activate",
                "done",
                run.activation.servers().size() + " server(s) active",
                active);
        run.bundles.put(1, run.store.takeBundle("bundle-" + run.config.runId() + "-0").id());
        // Qualification and the baseline's score ran in rooms, and activation writes only to the
        // excluded folders: the tree is still the baseline, which is the first resume point.
        run.resumePoint = run.baseline;
        run.saveState(1, 0, false, null, true);
    }

    /** One iteration's steps from {@code skip} on; the reason to stop the run, or null. */
    private static String iterate(Run run, Iteration it, int skip) {
        for (int i = skip; i < STEPS.size(); i++) {
            Step step = STEPS.get(i);
            if (run.interrupted) {
                return INTERRUPTED.reason();
            }
            run.listener.stepStarted(
                    it.number, step.name(), step.timeout(run, it), step.events(it));
            StepOutcome outcome;
            try {
                outcome = step.run(run, it);
            } catch (RuntimeException e) {
                outcome =
                        new StepOutcome.Failed(
                                step.name()
                                        + " failed: "
                                        + (e.getMessage() == null ? e : e.getMessage()));
            }
            if (run.interrupted) {
                // A step the signal cut short is not done: a resume runs it again.
                return INTERRUPTED.reason();
            }
            it.steps.put(step.name(), outcome.id());
            run.ledger.record(it.number, step.name(), outcome.id(), outcome.reason(), null);
            run.listener.stepEnded(
                    it.number,
                    step.name(),
                    outcome.id(),
                    outcome.reason(),
                    run.tokens,
                    run.costUsd);
            write(it.dir.resolve("result.json"), IterationRecord.of(run, it));
            // A skipped step did nothing, so the resume point stands (no snapshot to take).
            run.saveState(
                    it.number,
                    i + 1,
                    false,
                    null,
                    !step.changedWorkspace(it) || outcome instanceof StepOutcome.Skipped);
            if (outcome instanceof StepOutcome.Stop stop) {
                return stop.reason();
            }
        }
        String stop = ScoreStep.stopRule(run, it);
        return stop == null ? null : stop + " (tools built after it)";
    }

    private synchronized Outcome writeSummary(
            Run run, Ending ending, List<IterationRecord> records) {
        Summary summary = Summary.of(run, ending.status(), ending.reason(), List.copyOf(records));
        Path file = run.dir.resolve("summary.json");
        write(file, summary);
        mirror(run, "summary.json", summary);
        return new Outcome(
                file, ending.status(), ending.reason(), summary.solved(), summary.bestScore());
    }

    static void write(Path file, Object value) {
        AtomicFiles.writeString(file, Json.pretty(value) + "\n");
    }

    /**
     * A copy for people (and the Python layout) in {@code .harnessgym/runs/<id>/}; never read back.
     */
    static void mirror(Run run, String relative, Object value) {
        Path file =
                run.workspace
                        .bundleDir()
                        .resolve("runs")
                        .resolve(run.config.runId())
                        .resolve(relative);
        try {
            io.harnessgym.workspace.ConfinedPaths.requireInside(
                    run.workspace.root(), file, "the run's copy " + relative);
            Files.createDirectories(file.getParent());
            write(file, value);
        } catch (IOException | RuntimeException e) {
            // The copy is for people; the record in the state directory is the one that counts.
        }
    }
}
