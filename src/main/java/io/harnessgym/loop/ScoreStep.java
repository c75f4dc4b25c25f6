package io.harnessgym.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.snapshot.Snapshot;
import java.io.IOException;

/**
 * Scores the attempt, after every attempt (also a timed-out or crashed one), in a scoring room
 * ({@link Score}); compares the agent's claims with the measurement (a contradicted claim is a
 * false claim); keeps the best verified score; stops the run on a verified solve (unless
 * build-after-solve) or a verified stop score, and when the agent could not be run at all.
 */
final class ScoreStep implements Step {
    @Override
    public String name() {
        return "score";
    }

    @Override
    public boolean changesWorkspace() {
        return false;
    }

    @Override
    public StepOutcome run(Run run, Iteration it) {
        it.contract = ContractCheck.of(run, run.keepResumePoint());
        StepOutcome measured = measure(run, it);
        ChangeManifest.observe(run, it);
        String notRun = attemptNotRun(it);
        if (notRun != null) {
            return new StepOutcome.Stop(notRun);
        }
        // With build-after-solve the iteration reflects and builds all the same; the run stops
        // when it ends (Orchestrator), by the same rule.
        String stop = run.config.buildAfterSolve() ? null : stopRule(run, it);
        return stop != null
                ? new StepOutcome.Stop(stop + " (" + measured.reason() + ")")
                : measured;
    }

    private static StepOutcome measure(Run run, Iteration it) {
        if (run.config.postAttemptCommand() == null) {
            return new StepOutcome.Skipped(
                    "no post-attempt command: nothing is measured, nothing counts as solved");
        }
        // The tree the attempt left, as the snapshot taken when it ended.
        Snapshot attempt = run.keepResumePoint();
        try {
            it.measured = Score.measure(run, it, attempt);
        } catch (IOException e) {
            return new StepOutcome.Failed("the scoring room could not be made: " + e.getMessage());
        }
        falseClaims(it);
        if (it.verified() && run.config.better(it.score(), run.bestScore)) {
            run.bestScore = it.score();
            run.best = new Run.Checkpoint(it.number, attempt.id(), it.score());
        }
        return new StepOutcome.Done(
                (it.valid()
                                ? ""
                                : "invalid attempt (protected paths changed: "
                                        + String.join(", ", it.contract.protectedEdits())
                                        + "), ")
                        + "post-attempt "
                        + it.measured.status()
                        + (it.verified() ? ", passed" : ", not passed")
                        + (it.score() == null ? "" : ", score " + it.score()));
    }

    /** Why the run stops after this iteration's measurement, or null: verified results only. */
    static String stopRule(Run run, Iteration it) {
        if (it.solved() && run.config.reaches(it.score())) {
            return "the stop score was reached by a verified score";
        }
        if (it.solved() && run.config.stopScore() == null) {
            return "solved, as the post-attempt command verified";
        }
        return null;
    }

    /**
     * The agent could not be run at all (no program, a refused option): scored, then the run stops.
     */
    private static String attemptNotRun(Iteration it) {
        return "error".equals(it.phaseStatus("attempt"))
                ? "the attempt could not be run: "
                        + it.phases.get("attempt").path("reason").asText()
                : null;
    }

    /** A claim the measurement contradicts. */
    private static void falseClaims(Iteration it) {
        JsonNode claim = it.claims.path("attempt");
        boolean claimsSolved =
                "solved".equals(claim.path("status").asText())
                        || claim.path("verified").asBoolean(false);
        if (claimsSolved && !it.verified()) {
            String claimText =
                    "the agent claimed the task solved; the post-attempt command did not pass";
            it.falseClaims.add(claimText);
            it.claimPenalties.add(Penalty.Kind.FALSE_COMPLETION_CLAIM.of(claimText));
        }
        Double claimed = Score.score(claim, it.measured.scoreKey());
        if (claimed != null && !claimed.equals(it.score())) {
            String claimText =
                    "the agent claimed "
                            + it.measured.scoreKey()
                            + " "
                            + claimed
                            + "; harnessgym measured "
                            + (it.score() == null ? "none" : it.score());
            it.falseClaims.add(claimText);
            it.claimPenalties.add(Penalty.Kind.FALSE_SCORE_CLAIM.of(claimText));
        }
    }
}
