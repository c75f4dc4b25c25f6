package io.harnessgym.compare;

import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.runner.Runner;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * What every step of a compare shares: the user's workspace (the template's source) and its private
 * state, the compare's folder in that state, the environment, the proxy launcher and how a runner
 * is made for a trial's workspace.
 */
public record CompareContext(
        Workspace workspace,
        StateDir state,
        Path dir,
        Map<String, String> env,
        ProxyLauncher launcher,
        Function<RunnerContext, Runner> runners) {
    public CompareContext {
        env = Map.copyOf(env);
    }

    Path planFile() {
        return dir.resolve("compare_plan.json");
    }

    Path bundleDir() {
        return dir.resolve("bundle");
    }

    Path taskFile(PlanTask task) {
        return dir.resolve("tasks").resolve(task.name() + ".md");
    }

    /**
     * The private state of the bundle's qualification before any trial: its records are the
     * verdicts each harnessed trial starts with.
     */
    StateDir qualificationState() {
        return new StateDir(dir.resolve("qualify").resolve("state"));
    }

    Path trialDir(TrialKey key) {
        return dir.resolve("trials")
                .resolve(key.task())
                .resolve(key.arm().id() + "-" + key.index());
    }

    /** The template's store: snapshots are read from it by one trial at a time. */
    SnapshotStore openStore() {
        return SnapshotStore.open(workspace, state);
    }
}
