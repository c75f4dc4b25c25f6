package io.harnessgym.compare;

import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;

/**
 * How every trial of a compare runs: the runner and its options, attempts per trial (attempt-only
 * replays; reset to the template before each), their time limits, the check's time limit,
 * optimization mode (the trial's score is its best verified attempt's) and the validity rules.
 */
public record TrialSettings(
        RunnerKind runner,
        RunnerContext.Options runnerOptions,
        int iterations,
        long attemptTimeoutSeconds,
        long checkTimeoutSeconds,
        boolean optimizationMode,
        boolean requireActiveHarness,
        boolean requireToolUse) {
    public TrialSettings {
        runnerOptions = runnerOptions == null ? RunnerContext.Options.defaults() : runnerOptions;
        if (iterations < 1) {
            throw new IllegalArgumentException("--iterations must be at least 1");
        }
    }
}
