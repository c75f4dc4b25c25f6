package io.harnessgym.process;

import java.time.Duration;

/**
 * How a process run ended: its exit code (null when it was ended for its timeout or could not be
 * started), whether it timed out, how long it took, the tails of its output as text (invalid UTF-8
 * replaced) with the byte counts, and how its process tree was held ({@code cgroup} or {@code
 * proc}). {@code startError} is set when it could not be started at all.
 */
public record ProcessResult(
        Integer exitCode,
        boolean timedOut,
        Duration elapsed,
        String stdout,
        String stderr,
        long stdoutBytes,
        long stderrBytes,
        String containment,
        String startError) {

    public boolean succeeded() {
        return exitCode != null && exitCode == 0 && !timedOut;
    }
}
