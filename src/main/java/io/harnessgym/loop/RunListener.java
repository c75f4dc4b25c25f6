package io.harnessgym.loop;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the loop tells whoever shows its progress (the CLI's status line or timestamped lines). Only
 * harnessgym's own facts: the step, its time limit, the file the agent's events go to (a reader
 * must treat its text as untrusted), and the tokens and cost so far.
 */
public interface RunListener {
    RunListener NONE = new RunListener() {};

    /** The run begins (or goes on, resumed). */
    default void runStarted(String runId, String runner, int iterations) {}

    /**
     * A step of iteration {@code iteration} begins; {@code timeout} and {@code events} may be null.
     */
    default void stepStarted(int iteration, String step, Duration timeout, Path events) {}

    /** The step ended with {@code outcome} ({@code done}, {@code failed}, ...) for this reason. */
    default void stepEnded(
            int iteration,
            String step,
            String outcome,
            String reason,
            long tokens,
            double costUsd) {}

    /** A run-level event (baseline scored, best restored, ...), one line. */
    default void note(String line) {}
}
