package io.harnessgym.loop;

import io.harnessgym.activation.Activation;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.runner.Runner;
import io.harnessgym.snapshot.Snapshot;
import io.harnessgym.snapshot.SnapshotStore;
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
    final String task;
    final Prompts prompts;
    final long startNanos = System.nanoTime();
    Snapshot baseline;
    Activation activation;
    double costUsd;
    Double bestScore;
    volatile boolean interrupted;

    Run(
            Workspace workspace,
            StateDir state,
            Map<String, String> env,
            ProxyLauncher launcher,
            RunConfig config,
            Path dir,
            Runner runner,
            SnapshotStore store,
            String task) {
        this.workspace = workspace;
        this.state = state;
        this.env = Map.copyOf(env);
        this.launcher = launcher;
        this.config = config;
        this.dir = dir;
        this.runner = runner;
        this.store = store;
        this.task = task;
        this.prompts = Prompts.load(workspace.root());
        this.ledger = new RunLedger(dir.resolve("ledger.jsonl"));
    }

    long elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
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
