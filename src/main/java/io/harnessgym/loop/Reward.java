package io.harnessgym.loop;

import java.util.List;

/**
 * The attempt's reward, for a training or evaluation system to consume, from harnessgym's
 * measurements only:
 *
 * <pre>
 * reward = outcome + score_term - penalty
 *   outcome    = 1 when the check passed on a valid attempt (verified), else 0
 *   score_term = in optimization mode, the relative gain over the baseline's score,
 *                (s - b) / max(|b|, 1e-9), sign-flipped when lower is better, clipped to [-1, 1];
 *                0 without a score of the attempt or of the baseline
 *   penalty    = the sum of the weights of the attempt's penalties ({@link Penalty.Kind})
 * </pre>
 */
record Reward(double value, double outcome, double scoreTerm, double penalty, String formula) {
    static final String FORMULA = "outcome + score_term - penalty (docs/tasks.md)";

    static Reward of(Run run, Iteration it, List<Penalty> penalties) {
        double outcome = it.verified() ? 1 : 0;
        double scoreTerm = 0;
        Double score = it.score();
        Double baseline = Optimization.baselineScore(run);
        if (run.config.optimizationMode() && score != null && baseline != null) {
            double gain = (score - baseline) / Math.max(Math.abs(baseline), 1e-9);
            if (!run.config.higherIsBetter()) {
                gain = -gain;
            }
            scoreTerm = Math.max(-1, Math.min(1, gain));
        }
        double penalty = penalties.stream().mapToDouble(Penalty::weight).sum();
        return new Reward(outcome + scoreTerm - penalty, outcome, scoreTerm, penalty, FORMULA);
    }
}
