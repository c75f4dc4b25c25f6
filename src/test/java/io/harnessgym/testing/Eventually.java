package io.harnessgym.testing;

import java.time.Duration;

/**
 * Re-runs an assertion until it holds, for effects another process makes on its own schedule (a log
 * line, a process ending). The bound is generous on purpose: it only decides how long a broken
 * build takes to fail, never whether a working one passes.
 */
public final class Eventually {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** An assertion that may throw anything while its subject is not there yet. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    private Eventually() {}

    public static void holds(Check check) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError | Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(20);
        }
    }
}
