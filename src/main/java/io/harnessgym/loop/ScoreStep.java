package io.harnessgym.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.snapshot.Excludes;
import io.harnessgym.snapshot.Snapshot;
import java.io.IOException;

/**
 * Scores the attempt, after every attempt (also a timed-out or crashed one), in a scoring room
 * ({@link Score}); compares the agent's claims with the measurement (a contradicted claim is a
 * false claim); keeps the best verified score; stops the run on a verified solve (unless
 * build-after-solve) or a verified stop score.
 */
final class ScoreStep implements Step {
    @Override
    public String name() {
        return "score";
    }

    @Override
    public StepOutcome run(Run run, Iteration it) {
        if (run.config.postAttemptCommand() == null) {
            return new StepOutcome.Skipped(
                    "no post-attempt command: nothing is measured, nothing counts as solved");
        }
        Snapshot attempt =
                run.store.take("attempt-" + run.config.runId() + "-" + it.number, Excludes.DEFAULT);
        try {
            it.measured = Score.measure(run, it, attempt);
        } catch (IOException e) {
            return new StepOutcome.Failed("the scoring room could not be made: " + e.getMessage());
        }
        falseClaims(it);
        if (it.solved() && run.config.better(it.score(), run.bestScore)) {
            run.bestScore = it.score();
        }
        String verdict =
                "post-attempt "
                        + it.measured.status()
                        + (it.solved() ? ", passed" : ", not passed")
                        + (it.score() == null ? "" : ", score " + it.score());
        if (run.config.buildAfterSolve()) {
            // Reflect and build all the same; the run stops when this iteration ends.
            return new StepOutcome.Done(verdict);
        }
        if (it.solved() && run.config.reaches(it.score())) {
            return new StepOutcome.Stop(
                    "the stop score was reached by a verified score (" + verdict + ")");
        }
        if (it.solved() && run.config.stopScore() == null) {
            return new StepOutcome.Stop(
                    "solved, as the post-attempt command verified (" + verdict + ")");
        }
        return new StepOutcome.Done(verdict);
    }

    /** A claim the measurement contradicts. */
    private static void falseClaims(Iteration it) {
        JsonNode claim = it.claims.path("attempt");
        boolean claimsSolved =
                "solved".equals(claim.path("status").asText())
                        || claim.path("verified").asBoolean(false);
        if (claimsSolved && !it.solved()) {
            it.falseClaims.add(
                    "the agent claimed the task solved; the post-attempt command did not pass");
        }
        Double claimed = Score.score(claim, it.measured.scoreKey());
        if (claimed != null && !claimed.equals(it.score())) {
            it.falseClaims.add(
                    "the agent claimed "
                            + it.measured.scoreKey()
                            + " "
                            + claimed
                            + "; harnessgym measured "
                            + (it.score() == null ? "none" : it.score()));
        }
    }
}
