package io.harnessgym.compare;

import io.harnessgym.stats.Estimate;
import io.harnessgym.stats.Estimates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One arm's figures on one task (or pooled): counts, the solve rate with its Wilson interval,
 * pass@k and pass^k, and per metric the mean and median with bootstrap intervals. Invalid trials
 * are in every figure as the worst outcome (not solved; the worst valid score), never dropped.
 */
public record ArmFigures(
        String arm,
        int trials,
        int valid,
        int treatedAsWorst,
        int solved,
        Estimate solveRate,
        Map<String, Double> passAtK,
        Map<String, Double> passHatK,
        Map<String, MetricFigures> metrics,
        int mcpCallCount,
        List<String> mcpCalledTools,
        Map<String, Integer> invalidReasons) {

    /** A metric's figures in one arm. */
    public record MetricFigures(
            int count, Estimate mean, Estimate median, double min, double max) {}

    static final int[] KS = {1, 2, 3, 5, 10};

    static ArmFigures of(
            Arm arm, List<Trial> trials, Map<Metric, double[]> values, double level, long seed) {
        int solved = (int) trials.stream().filter(Trial::solved).count();
        int n = trials.size();
        Map<String, Double> at = new LinkedHashMap<>();
        Map<String, Double> hat = new LinkedHashMap<>();
        for (int k : KS) {
            if (k <= n) {
                at.put(Integer.toString(k), Estimates.passAtK(n, solved, k));
                hat.put(Integer.toString(k), Estimates.passHatK(n, solved, k));
            }
        }
        Map<String, MetricFigures> metrics = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<Metric, double[]> entry : values.entrySet()) {
            double[] v = entry.getValue();
            i++;
            if (v.length == 0) {
                continue;
            }
            metrics.put(
                    entry.getKey().id(),
                    new MetricFigures(
                            v.length,
                            Estimates.bootstrapMean(v, level, seed + 31L * i),
                            Estimates.bootstrapMedian(v, level, seed + 31L * i + 1),
                            java.util.Arrays.stream(v).min().orElse(0),
                            java.util.Arrays.stream(v).max().orElse(0)));
        }
        Map<String, Integer> reasons = new java.util.TreeMap<>();
        java.util.TreeSet<String> tools = new java.util.TreeSet<>();
        int calls = 0;
        for (Trial t : trials) {
            if (!t.comparisonValid()) {
                reasons.merge(t.comparisonInvalidReason(), 1, Integer::sum);
            }
            tools.addAll(t.mcpCalledTools());
            calls += t.mcpCallCount();
        }
        return new ArmFigures(
                arm.id(),
                n,
                (int) trials.stream().filter(Trial::comparisonValid).count(),
                (int) trials.stream().filter(Trial::treatedAsWorst).count(),
                solved,
                n == 0 ? null : Estimates.wilson(solved, n, level),
                at,
                hat,
                metrics,
                calls,
                List.copyOf(tools),
                reasons);
    }
}
