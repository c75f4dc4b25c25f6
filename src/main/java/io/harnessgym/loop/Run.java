package io.harnessgym.loop;

import io.harnessgym.activation.Activation;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.runner.Runner;
import io.harnessgym.snapshot.Snapshot;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one context every step works on: the workspace, the private state, harnessgym's environment,
 * the run's settings and folder, the runner, the snapshot store and the baseline (the task text is
 * read from it once), the activation the next attempt gets, and the ledger.
 */
public final class Run {
    final Workspace workspace;
    final StateDir state;
    final Map<String, String> env;
    final ProxyLauncher launcher;
    final RunConfig config;
    final Path dir;
    final Runner runner;
    final SnapshotStore store;
    final RunLedger ledger;

    /** What agents are given of the task (the holdout stripped). */
    final String task;

    /** The task's held-out section, for the checks only; null when there is none. */
    final String holdout;

    /** The task's front matter (from the run's frozen copy of the task). */
    final io.harnessgym.task.TaskContract contract;

    final Prompts prompts;
    final RunListener listener;
    final long startNanos = System.nanoTime();

    /** Time spent before a resume. */
    long elapsedBefore;

    /** Input and output tokens the runner reported so far. */
    long tokens;

    /** The workspace as the last completed step left it (checked by a resume). */
    Snapshot resumePoint;

    private boolean resumePointDroppable;
    Snapshot baseline;
    Activation activation;
    double costUsd;

    /** The best verified score so far (the baseline's, in optimization mode, to start with). */
    Double bestScore;

    /** The scored tree that gave {@link #bestScore}: a snapshot, so a restore is exact. */
    Checkpoint best;

    /** Optimization mode: the baseline's measurement, and the restore of the best at the end. */
    Score.Measured baselineMeasured;

    Optimization.Restored restored;

    /** Why no overlay scoring room could be mounted over this workspace (then not tried again). */
    String overlayRefused;

    /** The bundle snapshot each iteration's attempt had (iteration number to snapshot id). */
    final java.util.Map<Integer, String> bundles = new java.util.TreeMap<>();

    /** What {@code --keep-best-bundle} did at the end. */
    com.fasterxml.jackson.databind.node.ObjectNode bestBundle;

    volatile boolean interrupted;

    /** The evaluator's runner ({@code --evaluator-runner}), or null. */
    Runner evaluator;

    Run(
            Workspace workspace,
            StateDir state,
            Map<String, String> env,
            ProxyLauncher launcher,
            RunConfig config,
            Path dir,
            Runner runner,
            SnapshotStore store,
            String task,
            RunListener listener) {
        this.workspace = workspace;
        this.state = state;
        this.env = Map.copyOf(env);
        this.launcher = launcher;
        this.config = config;
        this.dir = dir;
        this.runner = runner;
        this.store = store;
        io.harnessgym.task.TaskFile parsed =
                io.harnessgym.task.TaskFile.parse(task, "the run's task");
        this.task = parsed.agentText();
        this.holdout = parsed.holdout();
        this.contract = parsed.contract();
        this.listener = listener;
        this.prompts = Prompts.load(workspace.root(), config.harnessDepth());
        this.ledger = new RunLedger(dir.resolve("ledger.jsonl"));
    }

    /**
     * Qualifies what is in the bundle (no repair: no session is open) and activates what passed: at
     * setup, and after the best bundle is put back.
     */
    void qualifyAndActivate() {
        if (config.qualifyArtifacts()) {
            new io.harnessgym.qualify.Qualifier(
                            workspace,
                            state,
                            env,
                            launcher,
                            io.harnessgym.qualify.Qualifier.Options.DEFAULT)
                    .qualifyWithRepairs(0, io.harnessgym.qualify.Repairer.NONE, true);
        }
        activate();
    }

    /** Activates what the registry and the private records allow, for the next attempt. */
    void activate() {
        activation =
                new io.harnessgym.activation.Activator(workspace, state, launcher)
                        .activateHoldingLock(QualifyStep.target(this), false);
    }

    /**
     * Each call-log line of this run's iteration {@code n} (every phase), as the collector and the
     * proxies wrote it.
     */
    void callsOf(int n, java.util.function.Consumer<com.fasterxml.jackson.databind.JsonNode> each) {
        String iteration = Integer.toString(n);
        io.harnessgym.runner.JsonLines.read(
                state.callLog(),
                line -> {
                    if (config.runId().equals(line.path("run_id").asText())
                            && iteration.equals(line.path("iteration").asText())) {
                        each.accept(line);
                    }
                });
    }

    /**
     * A verified score and the snapshot of the tree that was scored (iteration 0: the baseline).
     */
    record Checkpoint(int iteration, String snapshot, Double score) {}

    /**
     * {@code text} (what the check printed, on its way into a prompt) with every line of the
     * holdout of 8 or more characters replaced: the check may quote it, and code of the agent's
     * that the check runs may print it. A transformed copy is not caught (docs/trust.md).
     */
    String withoutHoldout(String text) {
        if (holdout == null || text == null) {
            return text;
        }
        String result = text;
        java.util.Set<String> pieces = new java.util.LinkedHashSet<>();
        for (String line : holdout.split("\n")) {
            pieces.add(line.strip());
            pieces.add(line.replaceAll("\\p{Cntrl}", "").strip()); // as a tool may print it
        }
        for (String piece : pieces) {
            if (piece.length() >= 8) {
                result = result.replace(piece, "[held out]");
                // as it appears inside a JSON string
                String quoted = Json.compact(Json.MAPPER.getNodeFactory().textNode(piece));
                result = result.replace(quoted.substring(1, quoted.length() - 1), "[held out]");
            }
        }
        return result;
    }

    long elapsedSeconds() {
        return elapsedBefore + (System.nanoTime() - startNanos) / 1_000_000_000L;
    }

    /**
     * Records where the run is ({@link RunState}); unless the step left the workspace as it was, a
     * snapshot of it first (the one before is dropped unless a step kept it).
     */
    void saveState(int iteration, int stepsDone, boolean done, String stop, boolean unchanged) {
        if (!unchanged || resumePoint == null) {
            Snapshot before = resumePoint;
            boolean drop = resumePointDroppable;
            resumePoint =
                    store.take(
                            "step-" + config.runId() + "-" + iteration + "-" + stepsDone,
                            io.harnessgym.snapshot.Excludes.DEFAULT);
            resumePointDroppable = true;
            if (drop && before != null) {
                store.drop(before.id());
            }
        }
        saved =
                new RunState(
                        iteration,
                        stepsDone,
                        done,
                        stop,
                        resumePoint.id(),
                        baseline.id(),
                        bestScore,
                        best,
                        baselineMeasured,
                        costUsd,
                        tokens,
                        elapsedSeconds(),
                        new java.util.TreeMap<>(bundles),
                        RunSeal.of(dir, iteration, saved == null ? null : saved.seal()));
        saved.write(dir);
    }

    /** The state last written, or null. */
    private RunState saved;

    /**
     * Writes the last state again with a new seal: for a record harnessgym rewrote without a step
     * completing (an interrupted step's result.json), so that a resume does not take it for
     * tampering.
     */
    void reseal() {
        if (saved != null) {
            saved = saved.withSeal(RunSeal.of(dir, saved.iteration(), saved.seal()));
            saved.write(dir);
        }
    }

    /** The workspace as the last step left it, kept (the attempt's tree, which may be the best). */
    Snapshot keepResumePoint() {
        resumePointDroppable = false;
        return resumePoint;
    }

    /** Why the run's budget is spent, or null. */
    String budgetSpent() {
        if (config.maxWallTimeSeconds() != null
                && elapsedSeconds() >= config.maxWallTimeSeconds()) {
            return "the wall-time budget (" + config.maxWallTimeSeconds() + " s) is spent";
        }
        if (config.maxCostUsd() != null && costUsd >= config.maxCostUsd()) {
            return String.format(
                    "the cost budget ($%.4f) is spent ($%.4f)", config.maxCostUsd(), costUsd);
        }
        return null;
    }
}
