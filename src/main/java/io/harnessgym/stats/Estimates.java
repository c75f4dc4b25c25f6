package io.harnessgym.stats;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.Well19937c;
import org.hipparchus.stat.descriptive.moment.Mean;
import org.hipparchus.stat.descriptive.rank.Median;
import org.hipparchus.stat.interval.BinomialProportion;
import org.hipparchus.stat.interval.ConfidenceInterval;
import org.hipparchus.util.CombinatoricsUtils;

/**
 * One arm's figures: mean and median with percentile-bootstrap intervals (seeded, so a report is
 * reproducible), the solve rate with its Wilson interval, and pass@k / pass^k with the unbiased
 * estimators over n trials with c solves (Chen et al. 2021 for pass@k; pass^k as in τ-bench).
 */
public final class Estimates {
    /** Bootstrap resamples: enough for a stable 95% percentile interval. */
    public static final int RESAMPLES = 4000;

    private Estimates() {}

    public static double mean(double[] values) {
        return new Mean().evaluate(values);
    }

    public static double median(double[] values) {
        return new Median().evaluate(values);
    }

    public static Estimate bootstrapMean(double[] values, double level, long seed) {
        return bootstrap(values, Estimates::mean, level, seed);
    }

    public static Estimate bootstrapMedian(double[] values, double level, long seed) {
        return bootstrap(values, Estimates::median, level, seed);
    }

    /**
     * {@code statistic} of {@code values} with the percentile interval of its value over {@link
     * #RESAMPLES} resamples drawn with replacement.
     */
    public static Estimate bootstrap(
            double[] values, ToDoubleFunction<double[]> statistic, double level, long seed) {
        requireSome(values);
        RandomGenerator random = new Well19937c(seed);
        double[] draws = new double[RESAMPLES];
        double[] sample = new double[values.length];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < sample.length; i++) {
                sample[i] = values[random.nextInt(values.length)];
            }
            draws[r] = statistic.applyAsDouble(sample);
        }
        return new Estimate(statistic.applyAsDouble(values), percentiles(draws, level));
    }

    /**
     * The difference of a statistic between two samples ({@code b - a}), resampling each sample on
     * its own (an unpaired design).
     */
    public static Estimate bootstrapDifference(
            double[] a, double[] b, ToDoubleFunction<double[]> statistic, double level, long seed) {
        requireSome(a);
        requireSome(b);
        RandomGenerator random = new Well19937c(seed);
        double[] draws = new double[RESAMPLES];
        double[] sa = new double[a.length];
        double[] sb = new double[b.length];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < sa.length; i++) {
                sa[i] = a[random.nextInt(a.length)];
            }
            for (int i = 0; i < sb.length; i++) {
                sb[i] = b[random.nextInt(b.length)];
            }
            draws[r] = statistic.applyAsDouble(sb) - statistic.applyAsDouble(sa);
        }
        return new Estimate(
                statistic.applyAsDouble(b) - statistic.applyAsDouble(a), percentiles(draws, level));
    }

    /** The percentile interval of bootstrap draws. */
    static Interval percentiles(double[] draws, double level) {
        double[] sorted = draws.clone();
        Arrays.sort(sorted);
        double tail = (1 - level) / 2;
        int low = (int) Math.floor(tail * (sorted.length - 1));
        int high = (int) Math.ceil((1 - tail) * (sorted.length - 1));
        return new Interval(sorted[low], sorted[high], level);
    }

    /** The solve rate with its Wilson score interval. */
    public static Estimate wilson(int successes, int trials, double level) {
        if (trials < 1 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException(
                    "a solve rate needs 0 <= solves <= trials, trials > 0");
        }
        double rate = (double) successes / trials;
        ConfidenceInterval ci = BinomialProportion.getWilsonScoreInterval(trials, rate, level);
        return new Estimate(
                rate,
                new Interval(
                        Math.max(0, ci.getLowerBound()), Math.min(1, ci.getUpperBound()), level));
    }

    /**
     * pass@k: the chance that at least one of k trials drawn without replacement from the n run is
     * solved, {@code 1 - C(n-c, k) / C(n, k)}.
     */
    public static double passAtK(int n, int c, int k) {
        checkK(n, c, k);
        if (n - c < k) {
            return 1.0;
        }
        return 1.0 - ratio(n - c, n, k);
    }

    /** pass^k: the chance that all k trials drawn are solved, {@code C(c, k) / C(n, k)}. */
    public static double passHatK(int n, int c, int k) {
        checkK(n, c, k);
        if (c < k) {
            return 0.0;
        }
        return ratio(c, n, k);
    }

    /** C(m, k) / C(n, k) for m <= n, in logarithms so large n do not overflow. */
    private static double ratio(int m, int n, int k) {
        return Math.exp(
                CombinatoricsUtils.binomialCoefficientLog(m, k)
                        - CombinatoricsUtils.binomialCoefficientLog(n, k));
    }

    private static void checkK(int n, int c, int k) {
        if (n < 1 || c < 0 || c > n || k < 1 || k > n) {
            throw new IllegalArgumentException("pass@k needs 0 <= c <= n and 1 <= k <= n");
        }
    }

    private static void requireSome(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to estimate from");
        }
    }
}
