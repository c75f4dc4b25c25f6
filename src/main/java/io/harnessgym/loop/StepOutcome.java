package io.harnessgym.loop;

/**
 * What one step of the loop did. A step never throws for a phase's failure: the agent failing,
 * timing out or writing garbage is an outcome, recorded in the ledger, and the run goes on or stops
 * by its rules.
 */
public sealed interface StepOutcome {
    String reason();

    /** Done; the next step runs. */
    record Done(String reason) implements StepOutcome {}

    /** Not needed this time (nothing to build, no post command, ...). */
    record Skipped(String reason) implements StepOutcome {}

    /** It failed; the iteration goes on with what there is. */
    record Failed(String reason) implements StepOutcome {}

    /** The run stops after this step, for this reason (solved, stop score, budget). */
    record Stop(String reason) implements StepOutcome {}

    default String id() {
        if (this instanceof Done) {
            return "done";
        }
        if (this instanceof Skipped) {
            return "skipped";
        }
        if (this instanceof Failed) {
            return "failed";
        }
        return "stop";
    }
}
