package io.harnessgym.loop;

import io.harnessgym.activation.Activator;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.qualify.Qualifier;
import io.harnessgym.qualify.Repairer;
import io.harnessgym.runner.AgentProcess;
import io.harnessgym.runner.Runner;
import io.harnessgym.snapshot.Excludes;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.workspace.AtomicFiles;
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
 * The loop, as DESIGN.md draws it: setup (lock, config, baseline snapshot, qualify and activate),
 * then per iteration the steps attempt → score → reflect → build → qualify (repair, quarantine,
 * activate), each returning an outcome recorded in the ledger, until a verified solve, a verified
 * stop score, a spent budget or the last iteration. {@code summary.json} is written whatever
 * happens, also on SIGINT/SIGTERM.
 */
public final class Orchestrator {
    static final List<Step> STEPS =
            List.of(
                    new PhaseSteps.Attempt(),
                    new ScoreStep(),
                    new PhaseSteps.Reflect(),
                    new PhaseSteps.Build(),
                    new QualifyStep());

    private final Workspace workspace;
    private final StateDir state;
    private final Map<String, String> env;
    private final ProxyLauncher launcher;

    public Orchestrator(
            Workspace workspace, StateDir state, Map<String, String> env, ProxyLauncher launcher) {
        this.workspace = workspace;
        this.state = state;
        this.env = Map.copyOf(env);
        this.launcher = launcher;
    }

    /** The summary and where it is. */
    public record Outcome(
            Path summaryFile, String status, String stopReason, boolean solved, Double bestScore) {}

    public Outcome run(RunConfig config, String task, Runner runner) {
        Path dir = state.ensureDir("runs").resolve(config.runId());
        if (Files.exists(dir)) {
            throw io.harnessgym.error.HarnessGymException.badInput(
                    "run "
                            + config.runId()
                            + " exists already ("
                            + dir
                            + "); pick another --run-id");
        }
        AgentProcess.createDirectories(dir);
        AgentProcess.createDirectories(workspace.bundleDir());
        List<IterationRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, "run " + config.runId());
                SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Run run = new Run(workspace, state, env, launcher, config, dir, runner, store, task);
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
            try {
                setUp(run);
                ending = iterations(run, records);
            } catch (RuntimeException e) {
                ending =
                        new Ending(
                                "failed", e.getMessage() == null ? e.toString() : e.getMessage());
                throw e;
            } finally {
                Score.dropBaselineRoom(run);
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
    private record Ending(String status, String reason) {}

    private static final Ending INTERRUPTED =
            new Ending("interrupted", "harnessgym was stopped by a signal");

    /** Every iteration until a stop rule, a spent budget or the last one. */
    private static Ending iterations(Run run, List<IterationRecord> records) {
        for (int n = 1; n <= run.config.iterations(); n++) {
            String spent = run.budgetSpent();
            if (spent != null) {
                return new Ending("stopped", spent);
            }
            Iteration it =
                    new Iteration(n, run.dir.resolve("iterations").resolve(Integer.toString(n)));
            AgentProcess.createDirectories(it.dir);
            String stop = iterate(run, it);
            IterationRecord record = IterationRecord.of(run, it);
            records.add(record);
            write(it.dir.resolve("result.json"), record);
            mirror(run, "iterations/" + n + "/result.json", record);
            if (stop != null) {
                return new Ending("stopped", stop);
            }
        }
        return new Ending("exhausted", "all " + run.config.iterations() + " iteration(s) ran");
    }

    /**
     * The run's trust anchors first: its settings, the baseline, and what is active at the start.
     */
    private void setUp(Run run) {
        write(run.dir.resolve("run_config.json"), run.config);
        mirror(run, "run_config.json", run.config);
        run.baseline = run.store.take("baseline-" + run.config.runId(), Excludes.DEFAULT);
        var figures = Json.object();
        figures.put("baseline", run.baseline.id());
        figures.put("files", run.baseline.files());
        figures.put("task_digest", run.config.taskDigest());
        run.ledger.record(0, "baseline", "done", "baseline snapshot taken", figures);
        if (run.config.qualifyArtifacts()) {
            new Qualifier(workspace, state, env, launcher, Qualifier.Options.DEFAULT)
                    .qualifyWithRepairs(0, Repairer.NONE, true);
        }
        run.activation =
                new Activator(workspace, state, launcher)
                        .activateHoldingLock(QualifyStep.target(run), false);
        run.ledger.record(
                0, "activate", "done", run.activation.servers().size() + " server(s) active", null);
    }

    /** One iteration's steps; the reason to stop the run, or null. */
    private static String iterate(Run run, Iteration it) {
        for (Step step : STEPS) {
            if (run.interrupted) {
                return "harnessgym was stopped by a signal";
            }
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
            it.steps.put(step.name(), outcome.id());
            run.ledger.record(it.number, step.name(), outcome.id(), outcome.reason(), null);
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

    private static void write(Path file, Object value) {
        AtomicFiles.writeString(file, Json.pretty(value) + "\n");
    }

    /**
     * A copy for people (and the Python layout) in {@code .harnessgym/runs/<id>/}; never read back.
     */
    private static void mirror(Run run, String relative, Object value) {
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
