package io.harnessgym.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Every statistic against a value computed independently: SciPy 1.17.1 (Debian's python3-scipy),
 * R's documented p.adjust, or the closed form worked by hand. The SciPy calls are quoted beside
 * each constant so anyone can recompute them.
 */
class StatisticsTest {
    private static final double TOL = 1e-9;

    @Test
    void exactMcNemarIsTheTwoSidedBinomialTestOfTheDiscordantPairs() {
        // scipy.stats.binomtest(b, b + c, 0.5).pvalue
        assertThat(Tests.mcnemarExact(1, 7).pValue()).isCloseTo(0.0703125, within(TOL));
        assertThat(Tests.mcnemarExact(3, 5).pValue()).isCloseTo(0.7265625, within(TOL));
        assertThat(Tests.mcnemarExact(0, 8).pValue()).isCloseTo(0.0078125, within(TOL));
        assertThat(Tests.mcnemarExact(0, 0).pValue()).isEqualTo(1.0);
    }

    @Test
    void wilcoxonSignedRankMatchesScipyExactAndApproximate() {
        double[] x = {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30};
        double[] y = {0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29};
        // scipy.stats.wilcoxon(y - x, method='exact'): statistic 5.0, p 0.0390625
        assertThat(Tests.wilcoxon(x, y).pValue()).isCloseTo(0.0390625, within(TOL));
        // Ties and a zero difference: the normal approximation, zeros dropped.
        double[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        double[] shift = {1, 1, 2, 2, -1, 3, 3, 0, 1, 2, 2, -1};
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i] + shift[i];
        }
        // scipy.stats.wilcoxon(b - a, method='approx', correction=True, zero_method='wilcox')
        assertThat(Tests.wilcoxon(a, b).pValue()).isCloseTo(0.016707811852049993, within(1e-6));
        assertThat(Tests.wilcoxon(a, a).pValue()).isEqualTo(1.0);
    }

    @Test
    void fisherExactMatchesScipy() {
        // scipy.stats.fisher_exact([[8, 2], [1, 5]]) -> (20.0, 0.034965034965034975)
        TestResult r = Tests.fisherExact(8, 2, 1, 5);
        assertThat(r.pValue()).isCloseTo(0.034965034965034975, within(TOL));
        assertThat(r.statistic()).isCloseTo(20.0, within(TOL));
        // scipy.stats.fisher_exact([[3, 7], [9, 1]]) -> p 0.019766611097880443
        assertThat(Tests.fisherExact(3, 7, 9, 1).pValue())
                .isCloseTo(0.019766611097880443, within(TOL));
        assertThat(Tests.fisherExact(5, 0, 5, 0).pValue()).isEqualTo(1.0);
    }

    @Test
    void mannWhitneyMatchesScipyExactAndWithTies() {
        // scipy.stats.mannwhitneyu(x, y, method='exact') -> (3.0, 0.030303030303030304)
        double[] x = {1.1, 2.3, 3.5, 4.2, 5.9};
        double[] y = {6.1, 7.4, 2.9, 8.8, 9.0, 10.2};
        assertThat(Tests.mannWhitney(x, y).pValue()).isCloseTo(0.030303030303030304, within(TOL));
        // scipy.stats.mannwhitneyu(tx, ty, method='asymptotic', use_continuity=True) -> p
        // 0.009594326803312757
        double[] tx = {1, 2, 2, 3, 4, 5, 5, 6};
        double[] ty = {3, 4, 5, 6, 7, 7, 8, 9, 9, 10};
        assertThat(Tests.mannWhitney(tx, ty).pValue())
                .isCloseTo(0.009594326803312757, within(1e-6));
        assertThat(Tests.mannWhitney(new double[] {1, 1}, new double[] {1, 1}).pValue())
                .isEqualTo(1.0);
    }

    @Test
    void holmMatchesRsPAdjust() {
        // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") -> 0.03 0.06 0.06 0.02
        assertThat(Tests.holm(new double[] {0.01, 0.04, 0.03, 0.005}))
                .containsExactly(new double[] {0.03, 0.06, 0.06, 0.02}, within(TOL));
        // R: p.adjust(c(0.5, 0.9), "holm") -> 1 1 (never below an earlier adjusted value)
        assertThat(Tests.holm(new double[] {0.5, 0.9}))
                .containsExactly(new double[] {1.0, 1.0}, within(TOL));
    }

    @Test
    void wilsonIntervalMatchesScipy() {
        // scipy.stats.binomtest(k, n).proportion_ci(0.95, 'wilson')
        Estimate seven = Estimates.wilson(7, 10, 0.95);
        assertThat(seven.value()).isEqualTo(0.7);
        assertThat(seven.interval().low()).isCloseTo(0.39677814746114526, within(1e-9));
        assertThat(seven.interval().high()).isCloseTo(0.892208732593699, within(1e-9));
        assertThat(Estimates.wilson(0, 10, 0.95).interval().high())
                .isCloseTo(0.27753279986288926, within(1e-9));
        assertThat(Estimates.wilson(10, 10, 0.95).interval().low())
                .isCloseTo(0.7224672001371109, within(1e-9));
        assertThat(Estimates.wilson(1, 3, 0.95).interval().low())
                .isCloseTo(0.06149194472039626, within(1e-9));
        assertThatThrownBy(() -> Estimates.wilson(4, 3, 0.95))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passAtKAndPassHatKAreTheUnbiasedEstimators() {
        // By hand: 1 - C(7,5)/C(10,5) = 1 - 21/252; C(3,2)/C(10,2) = 3/45.
        assertThat(Estimates.passAtK(10, 3, 1)).isCloseTo(0.3, within(TOL));
        assertThat(Estimates.passAtK(10, 3, 5)).isCloseTo(1 - 21.0 / 252, within(TOL));
        assertThat(Estimates.passAtK(10, 8, 3)).isEqualTo(1.0);
        assertThat(Estimates.passHatK(10, 3, 2)).isCloseTo(3.0 / 45, within(TOL));
        assertThat(Estimates.passHatK(10, 3, 4)).isEqualTo(0.0);
        assertThat(Estimates.passHatK(10, 10, 10)).isCloseTo(1.0, within(TOL));
        assertThatThrownBy(() -> Estimates.passAtK(3, 1, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void powerFormulasMatchScipyNormPpf() {
        // z = scipy.stats.norm.ppf; za = z(0.975), zb = z(0.8)
        // ((za + zb) * 1.5 / 0.5) ** 2 = 70.6399...
        assertThat(Power.pairedTrials(0.5, 1.5, 0.05, 0.8)).isEqualTo(71);
        // (za + zb) ** 2 * (1 + 4) / 0.8 ** 2 = 61.319...
        assertThat(Power.unpairedTrials(0.8, 1.0, 2.0, 0.05, 0.8)).isEqualTo(62);
        // Fleiss, p1 0.3, p2 0.6: 41.970...
        assertThat(Power.proportionTrials(0.3, 0.6, 0.05, 0.8)).isEqualTo(42);
        // Connor 1987, p10 0.1, p01 0.3: 76.087...
        assertThat(Power.mcnemarPairs(0.1, 0.3, 0.05, 0.8)).isEqualTo(77);
        assertThat(Power.pairedTrials(0, 1, 0.05, 0.8)).isNull();
        assertThat(Power.proportionTrials(0.5, 0.5, 0.05, 0.8)).isNull();
    }

    @Test
    void bootstrapIsSeededAndAgreesWithTheNormalTheoryIntervalOnALargeSample() {
        double[] values = new double[400];
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < values.length; i++) {
            values[i] = 10 + 2 * random.nextGaussian();
        }
        Estimate first = Estimates.bootstrapMean(values, 0.95, 42);
        assertThat(Estimates.bootstrapMean(values, 0.95, 42)).isEqualTo(first);
        assertThat(first.interval().contains(first.value())).isTrue();
        double sd =
                Math.sqrt(
                        java.util.Arrays.stream(values)
                                        .map(v -> (v - first.value()) * (v - first.value()))
                                        .sum()
                                / (values.length - 1));
        double half = 1.959963984540054 * sd / Math.sqrt(values.length);
        assertThat(first.interval().high() - first.interval().low())
                .isCloseTo(2 * half, within(0.15 * 2 * half));
        Estimate constant = Estimates.bootstrapMedian(new double[] {3, 3, 3}, 0.95, 1);
        assertThat(constant.interval()).isEqualTo(new Interval(3, 3, 0.95));
        Estimate diff =
                Estimates.bootstrapDifference(
                        new double[] {1, 2, 3},
                        new double[] {11, 12, 13},
                        Estimates::mean,
                        0.95,
                        3);
        assertThat(diff.value()).isCloseTo(10, within(TOL));
        assertThat(diff.interval().low()).isGreaterThanOrEqualTo(8.0);
        assertThat(diff.interval().high()).isLessThanOrEqualTo(12.0);
    }
}
