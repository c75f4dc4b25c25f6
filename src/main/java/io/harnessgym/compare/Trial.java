package io.harnessgym.compare;

import java.util.List;

/**
 * One finished trial ({@code trial.json}): harnessgym's measurements only, read from the trial's
 * private run records (never from a file the agent wrote). Keys are the Python tool's where they
 * mean the same ({@code group}, {@code trial}, {@code run_id}, {@code solved}, {@code
 * duration_seconds}, {@code mcp_call_count}, {@code comparison_valid}, ...).
 *
 * @param solved a verified solve (false when the trial is invalid: it counts as the worst outcome)
 * @param score the best verified score of the trial's attempts, or null (none, or invalid)
 * @param checkStatus the last check's status ({@code passed}, {@code failed}, {@code timeout},
 *     {@code error}, ...), or null when no check ran
 * @param comparisonValid whether the trial counts as it ran; an invalid one counts as the worst
 *     outcome ({@code treated_as_worst}), never dropped
 * @param telemetryFlags calls the log and the runner disagree on ({@code logged_not_reported:...},
 *     {@code reported_not_logged:...})
 * @param agentConfinement what confined the agent in the trial's phases (attempt, reflect, build),
 *     as their records say ({@code confinement.mechanism}: {@code codex_permission_profile}, {@code
 *     claude_sandbox}, {@code bubblewrap}); {@code none} when any phase ran it unconfined, so that
 *     the trial's records were within the agent's reach; null when no phase record says (a
 *     trial.json from before)
 */
public record Trial(
        String task,
        String group,
        int trial,
        int position,
        String runId,
        String workspace,
        String status,
        String stopReason,
        boolean solved,
        Double score,
        String checkStatus,
        double durationSeconds,
        double attemptDurationSeconds,
        int iterationsCompleted,
        long tokens,
        double costUsd,
        int activeMcpCount,
        int activeToolCount,
        int activeSkillCount,
        int mcpCallCount,
        List<String> mcpCalledTools,
        List<String> telemetryFlags,
        List<String> protectedEdits,
        List<String> penalties,
        String agentConfinement,
        boolean comparisonValid,
        String comparisonInvalidReason,
        boolean treatedAsWorst,
        String error,
        String regradedAt) {
    /** {@link #agentConfinement} of a trial whose agent ran unconfined in a phase. */
    static final String UNCONFINED = "none";

    public Trial {
        mcpCalledTools = List.copyOf(mcpCalledTools == null ? List.of() : mcpCalledTools);
        telemetryFlags = List.copyOf(telemetryFlags == null ? List.of() : telemetryFlags);
        protectedEdits = List.copyOf(protectedEdits == null ? List.of() : protectedEdits);
        penalties = List.copyOf(penalties == null ? List.of() : penalties);
    }

    public TrialKey key() {
        return new TrialKey(task, Arm.parse(group), trial);
    }

    public Arm arm() {
        return Arm.parse(group);
    }

    /** Whether a phase of this trial ran its agent with no confinement. */
    public boolean agentUnconfined() {
        return UNCONFINED.equals(agentConfinement);
    }

    /** The same trial with a new check outcome ({@code compare regrade}). */
    Trial regraded(
            boolean solved,
            Double score,
            String checkStatus,
            boolean valid,
            String reason,
            String at) {
        return new Trial(
                task,
                group,
                trial,
                position,
                runId,
                workspace,
                status,
                stopReason,
                solved,
                score,
                checkStatus,
                durationSeconds,
                attemptDurationSeconds,
                iterationsCompleted,
                tokens,
                costUsd,
                activeMcpCount,
                activeToolCount,
                activeSkillCount,
                mcpCallCount,
                mcpCalledTools,
                telemetryFlags,
                protectedEdits,
                penalties,
                agentConfinement,
                valid,
                reason,
                !valid,
                error,
                at);
    }
}
