package io.harnessgym.compare;

import java.util.List;
import java.util.Map;

/**
 * The statistics of one task (or of the held-out tasks pooled): each arm's figures, each metric's
 * comparison with Holm's adjustment across them, the primary metric (the score for a scored task,
 * else solved) and the verdict on it.
 */
public record TaskAnalysis(
        String task,
        boolean seen,
        boolean scored,
        String primaryMetric,
        String design,
        Map<String, ArmFigures> arms,
        List<Comparison> comparisons,
        Verdict verdict) {
    public TaskAnalysis {
        arms = Map.copyOf(arms);
        comparisons = List.copyOf(comparisons);
    }
}
