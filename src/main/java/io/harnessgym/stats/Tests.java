package io.harnessgym.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.distribution.discrete.HypergeometricDistribution;
import org.hipparchus.stat.inference.AlternativeHypothesis;
import org.hipparchus.stat.inference.BinomialTest;
import org.hipparchus.stat.inference.MannWhitneyUTest;
import org.hipparchus.stat.inference.WilcoxonSignedRankTest;
import org.hipparchus.stat.ranking.NaNStrategy;
import org.hipparchus.stat.ranking.NaturalRanking;
import org.hipparchus.stat.ranking.TiesStrategy;

/**
 * The two-arm tests, all two-sided: paired (exact McNemar for solves, Wilcoxon signed-rank for
 * numbers) and unpaired (Fisher's exact for solves, Mann-Whitney U for numbers), and Holm's
 * step-down adjustment across a family of them. The distributions and rank tests are Hipparchus';
 * only the plumbing (zero differences, degenerate samples) is here.
 */
public final class Tests {
    /** Up to this many non-zero differences without ties, Wilcoxon's exact distribution is used. */
    static final int EXACT_LIMIT = 30;

    private Tests() {}

    /**
     * Exact McNemar: of the discordant pairs, {@code b} solved only in the first arm and {@code c}
     * only in the second; under the null each is a fair coin (a two-sided binomial test).
     */
    public static TestResult mcnemarExact(int b, int c) {
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("discordant counts must not be negative");
        }
        int n = b + c;
        if (n == 0) {
            return new TestResult("mcnemar_exact", 0, 1.0);
        }
        double p = new BinomialTest().binomialTest(n, b, 0.5, AlternativeHypothesis.TWO_SIDED);
        return new TestResult("mcnemar_exact", Math.min(b, c), p);
    }

    /**
     * Wilcoxon signed-rank on the pairs {@code (x[i], y[i])}; zero differences are dropped
     * (Wilcoxon's own treatment), the exact distribution is used for up to {@link #EXACT_LIMIT}
     * differences without ties, the normal approximation otherwise.
     */
    public static TestResult wilcoxon(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("paired samples must have the same length");
        }
        double[] d =
                IntStream.range(0, x.length)
                        .mapToDouble(i -> y[i] - x[i])
                        .filter(v -> v != 0)
                        .toArray();
        if (d.length == 0) {
            return new TestResult("wilcoxon_signed_rank", 0, 1.0);
        }
        double[] zeros = new double[d.length];
        boolean exact =
                d.length <= EXACT_LIMIT && !hasTies(Arrays.stream(d).map(Math::abs).toArray());
        WilcoxonSignedRankTest test = new WilcoxonSignedRankTest();
        double w = test.wilcoxonSignedRank(d, zeros);
        if (d.length == 1) {
            // One non-zero difference: both signs are equally likely, p = 1.
            return new TestResult("wilcoxon_signed_rank", w, 1.0);
        }
        double p = exact ? test.wilcoxonSignedRankTest(d, zeros, true) : wilcoxonNormal(d);
        return new TestResult("wilcoxon_signed_rank", w, p);
    }

    /**
     * The normal approximation of the signed-rank statistic with the continuity correction and the
     * tie correction of the variance (as SciPy and R compute it; Hipparchus' own approximation
     * leaves the tie correction out, which overstates the variance's denominator effect).
     */
    private static double wilcoxonNormal(double[] d) {
        double[] abs = Arrays.stream(d).map(Math::abs).toArray();
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(abs);
        double plus = 0;
        for (int i = 0; i < d.length; i++) {
            if (d[i] > 0) {
                plus += ranks[i];
            }
        }
        int n = d.length;
        double mean = n * (n + 1) / 4.0;
        double variance = n * (n + 1) * (2.0 * n + 1) / 24.0;
        java.util.Map<Double, Integer> ties = new java.util.HashMap<>();
        for (double rank : ranks) {
            ties.merge(rank, 1, Integer::sum);
        }
        for (int t : ties.values()) {
            variance -= (Math.pow(t, 3) - t) / 48.0;
        }
        double diff = plus - mean;
        diff -= 0.5 * Math.signum(diff);
        double z = diff / Math.sqrt(variance);
        return Math.min(1.0, 2 * new NormalDistribution().cumulativeProbability(-Math.abs(z)));
    }

    /**
     * Fisher's exact test of the 2x2 table {@code [[a, b], [c, d]]} (rows: arms; columns: solved,
     * not solved): the sum of the probabilities of every table with the same margins that is no
     * more likely than the one observed.
     */
    public static TestResult fisherExact(int a, int b, int c, int d) {
        if (a < 0 || b < 0 || c < 0 || d < 0) {
            throw new IllegalArgumentException("table counts must not be negative");
        }
        int population = a + b + c + d;
        int successes = a + c;
        int draws = a + b;
        if (population == 0
                || successes == 0
                || successes == population
                || draws == 0
                || draws == population) {
            return new TestResult("fisher_exact", oddsRatio(a, b, c, d), 1.0);
        }
        HypergeometricDistribution h = new HypergeometricDistribution(population, successes, draws);
        double observed = h.probability(a);
        double p = 0;
        for (int k = h.getSupportLowerBound(); k <= h.getSupportUpperBound(); k++) {
            double pk = h.probability(k);
            if (pk <= observed * (1 + 1e-7)) {
                p += pk;
            }
        }
        return new TestResult("fisher_exact", oddsRatio(a, b, c, d), p);
    }

    private static double oddsRatio(int a, int b, int c, int d) {
        double num = (double) a * d;
        double den = (double) b * c;
        if (den == 0) {
            return num == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
        }
        return num / den;
    }

    /**
     * Mann-Whitney U of two independent samples: the exact distribution for small samples without
     * ties, else the normal approximation with the tie correction (Hipparchus chooses).
     */
    public static TestResult mannWhitney(double[] x, double[] y) {
        if (x.length == 0 || y.length == 0) {
            throw new IllegalArgumentException("Mann-Whitney U needs two non-empty samples");
        }
        double[] all = new double[x.length + y.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        MannWhitneyUTest test = new MannWhitneyUTest();
        double u = test.mannWhitneyU(x, y);
        if (Arrays.stream(all).distinct().count() == 1) {
            return new TestResult("mann_whitney_u", u, 1.0);
        }
        boolean exact = !hasTies(all) && (long) x.length * y.length <= 2500;
        return new TestResult("mann_whitney_u", u, test.mannWhitneyUTest(x, y, exact));
    }

    /**
     * Holm's step-down adjustment: the i-th smallest of m p-values is multiplied by (m - i + 1),
     * made monotone and capped at 1; returned in the input's order.
     */
    public static double[] holm(double[] p) {
        int m = p.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1.0, (m - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    private static boolean hasTies(double[] values) {
        return Arrays.stream(values).distinct().count() < values.length;
    }
}
