package io.harnessgym.loop;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One step of an iteration (task state, attempt, score, reflect, build, qualify): small, alone
 * testable, returning an outcome rather than throwing for a phase's failure.
 */
public interface Step {
    String name();

    StepOutcome run(Run run, Iteration iteration);

    /** The step's time limit, for the progress line (null: none of its own). */
    default Duration timeout(Run run, Iteration iteration) {
        return null;
    }

    /** The file the agent's events go to while the step runs, for the progress line (or null). */
    default Path events(Iteration iteration) {
        return null;
    }

    /**
     * Whether the step may change the workspace (else the resume point is kept as it is). A step
     * that returns {@link StepOutcome.Skipped} must not have changed it.
     */
    default boolean changesWorkspace() {
        return true;
    }

    /**
     * Whether this run of the step may have changed the workspace: by default what {@link
     * #changesWorkspace} says; a step that runs an agent only sometimes says when.
     */
    default boolean changedWorkspace(Iteration iteration) {
        return changesWorkspace();
    }
}
