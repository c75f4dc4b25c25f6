package io.harnessgym.loop;

import com.fasterxml.jackson.annotation.JsonValue;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One run's settings, as recorded in {@code run_config.json} (with the task text's digest, never
 * the text) and read back by {@code --resume}: the task, how many iterations, the runner and its
 * options, the phases' time limits (a per-iteration attempt schedule whose last entry repeats), the
 * post-attempt command that scores each attempt and the paths it reads (restored from the baseline
 * before it runs), the stop rules and budgets, optimization and task state, and qualification. The
 * keys are the Python tool's where it has them. Built with {@link #builder(String)}.
 */
public record RunConfig(
        String runId,
        String taskPath,
        String taskDigest,
        int iterations,
        RunnerKind runner,
        RunnerContext.Options runnerOptions,
        long attemptTimeoutSeconds,
        List<Long> attemptTimeoutsSeconds,
        long reflectionTimeoutSeconds,
        long buildTimeoutSeconds,
        String postAttemptCommand,
        List<String> protectedPaths,
        long postAttemptTimeoutSeconds,
        String scoreKey,
        Double stopScore,
        boolean higherIsBetter,
        boolean buildAfterSolve,
        boolean optimizationMode,
        boolean restoreBest,
        TaskState taskState,
        HarnessDepth harnessDepth,
        boolean qualifyArtifacts,
        int artifactRepairAttempts,
        boolean keepBestBundle,
        Long maxWallTimeSeconds,
        Double maxCostUsd,
        Evaluator evaluator,
        boolean attemptOnly) {

    /**
     * The optional evaluator phase: a fresh session of {@code runner} (with the run's runner
     * options) after each scored attempt, given the holdout, whose verdict is only its own.
     */
    public record Evaluator(RunnerKind runner, long timeoutSeconds) {}

    /** What the workspace is at the start of iterations 2..N. */
    public enum TaskState {
        /** The tree as the last attempt left it. */
        CONTINUE,
        /** The baseline, restored before each attempt after the first. */
        RESET;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How much the reflection and build prompts ask for (only the prompts change). */
    public enum HarnessDepth {
        DEEP,
        STANDARD;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RunConfig {
        protectedPaths = List.copyOf(protectedPaths == null ? List.of() : protectedPaths);
        attemptTimeoutsSeconds =
                List.copyOf(attemptTimeoutsSeconds == null ? List.of() : attemptTimeoutsSeconds);
        runnerOptions = runnerOptions == null ? RunnerContext.Options.defaults() : runnerOptions;
        taskState = taskState == null ? TaskState.CONTINUE : taskState;
        harnessDepth = harnessDepth == null ? HarnessDepth.DEEP : harnessDepth;
        if (iterations < 1) {
            throw new IllegalArgumentException("--iterations must be at least 1");
        }
        if (artifactRepairAttempts < 0) {
            throw new IllegalArgumentException("--artifact-repair-attempts must be 0 or more");
        }
        for (long seconds : attemptTimeoutsSeconds) {
            if (seconds < 1) {
                throw new IllegalArgumentException("--attempt-timeouts entries must be positive");
            }
        }
        if (optimizationMode && postAttemptCommand == null) {
            throw new IllegalArgumentException(
                    "--optimization-mode needs a --post-attempt-command to score with");
        }
    }

    public static Builder builder(String runId) {
        return new Builder(runId);
    }

    /** A builder seeded with this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(runId);
        b.taskPath = taskPath;
        b.taskDigest = taskDigest;
        b.iterations = iterations;
        b.runner = runner;
        b.runnerOptions = runnerOptions;
        b.attemptTimeoutSeconds = attemptTimeoutSeconds;
        b.attemptTimeoutsSeconds = new ArrayList<>(attemptTimeoutsSeconds);
        b.reflectionTimeoutSeconds = reflectionTimeoutSeconds;
        b.buildTimeoutSeconds = buildTimeoutSeconds;
        b.postAttemptCommand = postAttemptCommand;
        b.protectedPaths = new ArrayList<>(protectedPaths);
        b.postAttemptTimeoutSeconds = postAttemptTimeoutSeconds;
        b.scoreKey = scoreKey;
        b.stopScore = stopScore;
        b.higherIsBetter = higherIsBetter;
        b.buildAfterSolve = buildAfterSolve;
        b.optimizationMode = optimizationMode;
        b.restoreBest = restoreBest;
        b.taskState = taskState;
        b.harnessDepth = harnessDepth;
        b.qualifyArtifacts = qualifyArtifacts;
        b.artifactRepairAttempts = artifactRepairAttempts;
        b.keepBestBundle = keepBestBundle;
        b.maxWallTimeSeconds = maxWallTimeSeconds;
        b.maxCostUsd = maxCostUsd;
        b.evaluator = evaluator;
        b.attemptOnly = attemptOnly;
        return b;
    }

    /**
     * The attempt time limit of iteration {@code n} (1-based): the schedule's entry, else the
     * default.
     */
    Duration attemptTimeout(int n) {
        if (attemptTimeoutsSeconds.isEmpty()) {
            return Duration.ofSeconds(attemptTimeoutSeconds);
        }
        return Duration.ofSeconds(
                attemptTimeoutsSeconds.get(Math.min(n - 1, attemptTimeoutsSeconds.size() - 1)));
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

    /** The defaults are the {@code run} command's. */
    public static final class Builder {
        private final String runId;
        private String taskPath;
        private String taskDigest = "-";
        private int iterations = 3;
        private RunnerKind runner = RunnerKind.SCRIPTED;
        private RunnerContext.Options runnerOptions = RunnerContext.Options.defaults();
        private long attemptTimeoutSeconds = 45 * 60;
        private List<Long> attemptTimeoutsSeconds = new ArrayList<>();
        private long reflectionTimeoutSeconds = 20 * 60;
        private long buildTimeoutSeconds = 20 * 60;
        private Evaluator evaluator;
        private String postAttemptCommand;
        private List<String> protectedPaths = new ArrayList<>();
        private long postAttemptTimeoutSeconds = 120;
        private String scoreKey = "score";
        private Double stopScore;
        private boolean higherIsBetter;
        private boolean buildAfterSolve;
        private boolean optimizationMode;
        private boolean restoreBest = true;
        private TaskState taskState = TaskState.CONTINUE;
        private HarnessDepth harnessDepth = HarnessDepth.DEEP;
        private boolean qualifyArtifacts = true;
        private int artifactRepairAttempts = 1;
        private boolean keepBestBundle;
        private Long maxWallTimeSeconds;
        private Double maxCostUsd;
        private boolean attemptOnly;

        private Builder(String runId) {
            this.runId = runId;
        }

        public Builder task(String path, String digest) {
            this.taskPath = path;
            this.taskDigest = digest;
            return this;
        }

        public Builder iterations(int value) {
            this.iterations = value;
            return this;
        }

        public Builder runner(RunnerKind kind, RunnerContext.Options options) {
            this.runner = kind;
            this.runnerOptions = options;
            return this;
        }

        public Builder attemptTimeout(long seconds, List<Long> schedule) {
            this.attemptTimeoutSeconds = seconds;
            this.attemptTimeoutsSeconds = new ArrayList<>(schedule);
            return this;
        }

        public Builder reflectionTimeout(long seconds) {
            this.reflectionTimeoutSeconds = seconds;
            return this;
        }

        public Builder buildTimeout(long seconds) {
            this.buildTimeoutSeconds = seconds;
            return this;
        }

        public Builder postAttempt(String command, List<String> protect, long timeoutSeconds) {
            this.postAttemptCommand = command;
            this.protectedPaths = new ArrayList<>(protect);
            this.postAttemptTimeoutSeconds = timeoutSeconds;
            return this;
        }

        public Builder score(String key, Double stop, boolean higherIsBetter) {
            this.scoreKey = key;
            this.stopScore = stop;
            this.higherIsBetter = higherIsBetter;
            return this;
        }

        public Builder buildAfterSolve(boolean value) {
            this.buildAfterSolve = value;
            return this;
        }

        public Builder optimization(boolean mode, boolean restoreBest) {
            this.optimizationMode = mode;
            this.restoreBest = restoreBest;
            return this;
        }

        public Builder taskState(TaskState value) {
            this.taskState = value;
            return this;
        }

        public Builder harnessDepth(HarnessDepth value) {
            this.harnessDepth = value;
            return this;
        }

        public Builder qualification(boolean qualify, int repairAttempts) {
            this.qualifyArtifacts = qualify;
            this.artifactRepairAttempts = repairAttempts;
            return this;
        }

        public Builder keepBestBundle(boolean value) {
            this.keepBestBundle = value;
            return this;
        }

        public Builder evaluator(RunnerKind kind, long timeoutSeconds) {
            this.evaluator = kind == null ? null : new Evaluator(kind, timeoutSeconds);
            return this;
        }

        public Builder budget(Long wallTimeSeconds, Double costUsd) {
            this.maxWallTimeSeconds = wallTimeSeconds;
            this.maxCostUsd = costUsd;
            return this;
        }

        /**
         * Attempts only ({@code compare}'s trials): no reflection, build or qualification after an
         * attempt; what is active at the start stays active.
         */
        public Builder attemptOnly(boolean value) {
            this.attemptOnly = value;
            return this;
        }

        public RunConfig build() {
            return new RunConfig(
                    runId,
                    taskPath,
                    taskDigest,
                    iterations,
                    runner,
                    runnerOptions,
                    attemptTimeoutSeconds,
                    attemptTimeoutsSeconds,
                    reflectionTimeoutSeconds,
                    buildTimeoutSeconds,
                    postAttemptCommand,
                    protectedPaths,
                    postAttemptTimeoutSeconds,
                    scoreKey,
                    stopScore,
                    higherIsBetter,
                    buildAfterSolve,
                    optimizationMode,
                    restoreBest,
                    taskState,
                    harnessDepth,
                    qualifyArtifacts,
                    artifactRepairAttempts,
                    keepBestBundle,
                    maxWallTimeSeconds,
                    maxCostUsd,
                    evaluator,
                    attemptOnly);
        }
    }
}
