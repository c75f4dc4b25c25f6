package io.harnessgym.runner;

import io.harnessgym.activation.Activation;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One phase to run: which, the prompt (sent on stdin, never in argv), the session to resume (null
 * for a fresh attempt), the folder for its files (in the private state directory), its time limit,
 * the run scope the telemetry needs, and the activation whose servers and configs the agent gets
 * (null when nothing is active).
 */
public record PhaseRequest(
        Phase phase,
        String prompt,
        String sessionId,
        Path phaseDir,
        Duration timeout,
        RunScope scope,
        Activation activation) {

    /** The run, iteration and trial this phase belongs to (empty strings: not in a run). */
    public record RunScope(String runId, String iteration, String trial) {
        public static final RunScope NONE = new RunScope("", "", "");
    }

    /** Whether this phase should resume a session but has none. */
    public boolean resumesWithoutSession() {
        return !phase.fresh() && (sessionId == null || sessionId.isBlank());
    }

    public PhaseFiles files() {
        return PhaseFiles.in(phaseDir, phase);
    }

    /** The variables that scope the call log: run, iteration, phase, trial, session. */
    public java.util.Map<String, String> scopeVariables() {
        java.util.Map<String, String> env = new java.util.TreeMap<>();
        env.put("HARNESSGYM_RUN_ID", scope.runId());
        env.put("HARNESSGYM_ITERATION", scope.iteration());
        env.put("HARNESSGYM_PHASE", phase.id());
        env.put("HARNESSGYM_TRIAL", scope.trial());
        env.put("HARNESSGYM_SESSION_ID", sessionId == null ? "" : sessionId);
        return env;
    }
}
