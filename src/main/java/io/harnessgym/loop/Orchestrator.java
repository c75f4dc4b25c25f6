package io.harnessgym.loop;

import io.harnessgym.activation.Activator;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.qualify.Qualifier;
import io.harnessgym.qualify.Repairer;
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
import java.util.ArrayList;
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
        createDirectories(dir);
        Files2.createDirectories(workspace.bundleDir());
        List<IterationRecord> records = new ArrayList<>();
        String[] ending = {"interrupted", "harnessgym was stopped"};
        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, "run " + config.runId());
                SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Run run = new Run(workspace, state, env, launcher, config, dir, runner, store, task);
            Thread hook =
                    new Thread(
                            () -> {
                                run.interrupted = true;
                                writeSummary(
                                        run,
                                        "interrupted",
                                        "harnessgym was stopped by a signal",
                                        records);
                            },
                            "harnessgym-run-summary");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                setUp(run);
                ending[0] = "exhausted";
                ending[1] = "all " + config.iterations() + " iteration(s) ran";
                loop:
                for (int n = 1; n <= config.iterations(); n++) {
                    String spent = run.budgetSpent();
                    if (spent != null) {
                        ending[0] = "stopped";
                        ending[1] = spent;
                        break;
                    }
                    Iteration it =
                            new Iteration(
                                    n, dir.resolve("iterations").resolve(Integer.toString(n)));
                    createDirectories(it.dir);
                    run.iterations.add(it);
                    String stop = iterate(run, it);
                    IterationRecord record = IterationRecord.of(run, it);
                    synchronized (records) {
                        records.add(record);
                    }
                    write(it.dir.resolve("result.json"), record);
                    mirror(run, "iterations/" + n + "/result.json", record);
                    if (stop != null) {
                        ending[0] = "stopped";
                        ending[1] = stop;
                        break loop;
                    }
                }
            } catch (RuntimeException e) {
                ending[0] = "failed";
                ending[1] = e.getMessage() == null ? e.toString() : e.getMessage();
                throw e;
            } finally {
                Score.dropBaselineRoom(run);
                Outcome outcome =
                        run.interrupted
                                ? writeSummary(
                                        run,
                                        "interrupted",
                                        "harnessgym was stopped by a signal",
                                        records)
                                : writeSummary(run, ending[0], ending[1], records);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down: the hook writes the same summary
                }
                lastOutcome = outcome;
            }
            return lastOutcome;
        }
    }

    private Outcome lastOutcome;

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
            if (step instanceof PhaseSteps.Attempt
                    && outcome instanceof StepOutcome.Failed
                    && it.session == null
                    && it.phases.get("attempt") != null
                    && it.phases.get("attempt").status().id().equals("error")) {
                // The agent could not run at all: score what there is, then stop.
                new ScoreStep().run(run, it);
                return "the attempt could not be run: " + outcome.reason();
            }
        }
        if (it.solved() && run.config.reaches(it.score())) {
            return "the stop score was reached by a verified score (tools built after it)";
        }
        if (it.solved() && run.config.stopScore() == null) {
            return "solved, as the post-attempt command verified (tools built after the solve)";
        }
        return null;
    }

    private synchronized Outcome writeSummary(
            Run run, String status, String reason, List<IterationRecord> records) {
        List<IterationRecord> copy;
        synchronized (records) {
            copy = List.copyOf(records);
        }
        Summary summary = Summary.of(run, status, reason, copy);
        Path file = run.dir.resolve("summary.json");
        write(file, summary);
        mirror(run, "summary.json", summary);
        return new Outcome(file, status, reason, summary.solved(), summary.bestScore());
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

    private static void createDirectories(Path dir) {
        Files2.createDirectories(dir);
    }

    private static final class Files2 {
        static void createDirectories(Path dir) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
