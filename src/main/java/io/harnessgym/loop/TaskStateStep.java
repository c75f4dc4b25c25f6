package io.harnessgym.loop;

import io.harnessgym.snapshot.Restored;

/**
 * {@code --task-state reset}: before the attempts of iterations 2..N the workspace is put back to
 * the baseline snapshot (only what differs is rewritten or removed). The snapshot leaves out {@code
 * .harnessgym}, {@code .git} and the agents' projections, so the bundle, what is active and the
 * user's repository are kept. {@code continue} keeps the tree as the last attempt left it.
 */
final class TaskStateStep implements Step {
    @Override
    public String name() {
        return "task-state";
    }

    @Override
    public StepOutcome run(Run run, Iteration it) {
        if (run.config.taskState() != RunConfig.TaskState.RESET) {
            return new StepOutcome.Skipped("task state continue: the tree as it is");
        }
        if (it.number == 1) {
            return new StepOutcome.Skipped("the first attempt starts from the baseline");
        }
        Restored restored = run.store.restore(run.baseline.id());
        return new StepOutcome.Done(
                "baseline restored: "
                        + restored.written().size()
                        + " written, "
                        + restored.removed().size()
                        + " removed");
    }
}
