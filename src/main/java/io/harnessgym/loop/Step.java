package io.harnessgym.loop;

/** One step of an iteration (attempt, score, reflect, build, qualify): small, alone testable. */
public interface Step {
    String name();

    StepOutcome run(Run run, Iteration iteration);
}
