package io.harnessgym.compare;

import java.util.List;

/**
 * A task of the plan, as every trial of it runs: its name (unique in the plan), the file it came
 * from, its text's digest (the text itself is in the compare's folder), the check that scores each
 * trial and the paths put back from the template before it runs, the score's key and direction, and
 * whether the bundle's run records name it ({@code seen}: the harness was built on it).
 *
 * @param scored whether the task is judged by its score (a score in its contract, or optimization
 *     mode) rather than by solved / not solved
 */
public record PlanTask(
        String name,
        String path,
        String digest,
        String check,
        List<String> protectedPaths,
        String scoreKey,
        boolean higherIsBetter,
        boolean scored,
        boolean seen) {
    public PlanTask {
        protectedPaths = List.copyOf(protectedPaths == null ? List.of() : protectedPaths);
    }

    /** The same task with its seen flag set. */
    PlanTask withSeen(boolean value) {
        return new PlanTask(
                name, path, digest, check, protectedPaths, scoreKey, higherIsBetter, scored, value);
    }
}
