package io.harnessgym.compare;

import io.harnessgym.stats.Estimate;
import io.harnessgym.stats.Estimates;
import io.harnessgym.stats.Power;
import io.harnessgym.stats.TestResult;
import io.harnessgym.stats.Tests;

/**
 * One metric between the arms: the test (paired by trial index where every index has both arms,
 * unpaired otherwise), its p-value and the Holm-adjusted one, the effect (harnessed minus plain)
 * with its bootstrap interval, whether that effect is an improvement, and how many trials would
 * detect it at 80% power.
 */
public record Comparison(
        String metric,
        String design,
        String test,
        Double statistic,
        double pValue,
        double pAdjusted,
        Estimate effect,
        boolean improvement,
        Integer trialsFor80Power) {

    static final double POWER = 0.8;

    /** {@code plain[i]} and {@code harnessed[i]} are a pair when {@code paired}. */
    /** The figures of {@code plain} and {@code harnessed}; null statistic: not finite. */
    static Comparison of(
            Metric metric,
            double[] plain,
            double[] harnessed,
            boolean paired,
            boolean scoreHigherIsBetter,
            double alpha,
            double level,
            long seed) {
        TestResult result;
        Estimate effect;
        Integer trials;
        if (paired) {
            double[] d = new double[plain.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = harnessed[i] - plain[i];
            }
            effect = Estimates.bootstrapMean(d, level, seed);
            if (metric == Metric.SOLVED) {
                int onlyPlain = 0;
                int onlyHarnessed = 0;
                for (double v : d) {
                    onlyPlain += v < 0 ? 1 : 0;
                    onlyHarnessed += v > 0 ? 1 : 0;
                }
                result = Tests.mcnemarExact(onlyPlain, onlyHarnessed);
                trials =
                        Power.mcnemarPairs(
                                (double) onlyPlain / d.length,
                                (double) onlyHarnessed / d.length,
                                alpha,
                                POWER);
            } else {
                result = Tests.wilcoxon(plain, harnessed);
                trials = Power.pairedTrials(Estimates.mean(d), sd(d), alpha, POWER);
            }
        } else {
            effect = Estimates.bootstrapDifference(plain, harnessed, Estimates::mean, level, seed);
            if (metric == Metric.SOLVED) {
                int h = count(harnessed);
                int p = count(plain);
                result = Tests.fisherExact(h, harnessed.length - h, p, plain.length - p);
                trials =
                        Power.proportionTrials(
                                (double) p / plain.length,
                                (double) h / harnessed.length,
                                alpha,
                                POWER);
            } else {
                result = Tests.mannWhitney(plain, harnessed);
                trials =
                        Power.unpairedTrials(
                                Estimates.mean(harnessed) - Estimates.mean(plain),
                                sd(plain),
                                sd(harnessed),
                                alpha,
                                POWER);
            }
        }
        return new Comparison(
                metric.id(),
                paired ? "paired" : "unpaired",
                result.test(),
                Double.isFinite(result.statistic()) ? result.statistic() : null,
                result.pValue(),
                result.pValue(),
                effect,
                metric.better(effect.value(), scoreHigherIsBetter),
                trials);
    }

    Comparison adjusted(double p) {
        return new Comparison(
                metric, design, test, statistic, pValue, p, effect, improvement, trialsFor80Power);
    }

    private static int count(double[] solved) {
        int n = 0;
        for (double v : solved) {
            n += v > 0 ? 1 : 0;
        }
        return n;
    }

    static double sd(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        return new org.hipparchus.stat.descriptive.moment.StandardDeviation().evaluate(v);
    }
}
