package io.harnessgym.loop;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One run's settings, as recorded in {@code run_config.json} (with the task text's digest, never
 * the text): the task, how many iterations, the runner and its options, the phases' time limits,
 * the post-attempt command that scores each attempt and the paths it reads (restored from the
 * baseline before it runs), the stop rules and budgets, and qualification.
 */
public record RunConfig(
        String runId,
        String taskPath,
        String taskDigest,
        int iterations,
        RunnerKind runner,
        @JsonIgnore RunnerContext.Options runnerOptions,
        long attemptTimeoutSeconds,
        long reflectionTimeoutSeconds,
        long buildTimeoutSeconds,
        String postAttemptCommand,
        List<String> protectedPaths,
        long postAttemptTimeoutSeconds,
        String scoreKey,
        Double stopScore,
        boolean higherIsBetter,
        boolean buildAfterSolve,
        boolean qualifyArtifacts,
        int artifactRepairAttempts,
        Long maxWallTimeSeconds,
        Double maxCostUsd) {

    public RunConfig {
        protectedPaths = List.copyOf(protectedPaths);
        if (iterations < 1) {
            throw new IllegalArgumentException("--iterations must be at least 1");
        }
        if (artifactRepairAttempts < 0) {
            throw new IllegalArgumentException("--artifact-repair-attempts must be 0 or more");
        }
    }

    Duration attemptTimeout() {
        return Duration.ofSeconds(attemptTimeoutSeconds);
    }

    Duration reflectionTimeout() {
        return Duration.ofSeconds(reflectionTimeoutSeconds);
    }

    Duration buildTimeout() {
        return Duration.ofSeconds(buildTimeoutSeconds);
    }

    Duration postAttemptTimeout() {
        return Duration.ofSeconds(postAttemptTimeoutSeconds);
    }

    /** Whether {@code score} reaches the stop score in the configured direction. */
    boolean reaches(Double score) {
        if (stopScore == null || score == null) {
            return false;
        }
        return higherIsBetter ? score >= stopScore : score <= stopScore;
    }

    /** Whether {@code a} is a better score than {@code b} (null is worst). */
    boolean better(Double a, Double b) {
        if (a == null) {
            return false;
        }
        if (b == null) {
            return true;
        }
        return higherIsBetter ? a > b : a < b;
    }

    static Path resolveTask(Path workspace, Path task) {
        return task.isAbsolute() ? task : workspace.resolve(task);
    }
}
