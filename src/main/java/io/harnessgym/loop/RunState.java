package io.harnessgym.loop;

import io.harnessgym.workspace.AtomicFiles;
import io.harnessgym.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run is, written atomically to {@code runs/<id>/state.json} in the private state directory
 * after setup and after every step, so that {@code --resume} can go on from the last completed
 * step: the iteration and how many of its steps are done, whether it ended (and why the run stops),
 * the snapshot of the workspace as that step left it (checked before resuming), the baseline, the
 * best verified score and its checkpoint, the cost, tokens and time spent, and the seal of the
 * run's other records ({@link RunSeal}), which a resume checks.
 */
record RunState(
        int iteration,
        int stepsDone,
        boolean iterationDone,
        String stop,
        String workspaceSnapshot,
        String baseline,
        Double bestScore,
        Run.Checkpoint best,
        Score.Measured baselineMeasured,
        double costUsd,
        long tokens,
        long elapsedSeconds,
        java.util.Map<Integer, String> bundles,
        RunSeal seal) {

    RunState {
        bundles = bundles == null ? java.util.Map.of() : java.util.Map.copyOf(bundles);
    }

    static final String FILE = "state.json";

    RunState withSeal(RunSeal seal) {
        return new RunState(
                iteration,
                stepsDone,
                iterationDone,
                stop,
                workspaceSnapshot,
                baseline,
                bestScore,
                best,
                baselineMeasured,
                costUsd,
                tokens,
                elapsedSeconds,
                bundles,
                seal);
    }

    void write(Path runDir) {
        AtomicFiles.writeString(runDir.resolve(FILE), Json.pretty(this) + "\n");
    }

    /** The recorded state, or null when the run never finished its setup. */
    static RunState read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        return Json.readRecord(file, RunState.class, "a run state");
    }
}
