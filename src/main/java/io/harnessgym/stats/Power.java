package io.harnessgym.stats;

import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * How many trials would detect an observed effect with a two-sided test at {@code alpha} with the
 * given power (normal approximations; an estimate to plan the next compare, not a test). Null when
 * there is no effect to detect.
 */
public final class Power {
    private static final NormalDistribution NORMAL = new NormalDistribution();

    private Power() {}

    private static double z(double p) {
        return NORMAL.inverseCumulativeProbability(p);
    }

    /**
     * Pairs for a paired comparison of means: {@code ((z(1-a/2) + z(power)) * sd / diff)^2}, with
     * {@code diff} and {@code sd} the mean and standard deviation of the paired differences.
     */
    public static Integer pairedTrials(double diff, double sd, double alpha, double power) {
        if (diff == 0 || !Double.isFinite(diff) || !(sd > 0)) {
            return null;
        }
        double n = Math.pow((z(1 - alpha / 2) + z(power)) * sd / diff, 2);
        return (int) Math.ceil(n);
    }

    /**
     * Trials per arm for two independent means: {@code (z(1-a/2) + z(power))^2 (sd1^2 + sd2^2) /
     * diff^2}.
     */
    public static Integer unpairedTrials(
            double diff, double sd1, double sd2, double alpha, double power) {
        double variance = sd1 * sd1 + sd2 * sd2;
        if (diff == 0 || !Double.isFinite(diff) || !(variance > 0)) {
            return null;
        }
        double n = Math.pow(z(1 - alpha / 2) + z(power), 2) * variance / (diff * diff);
        return (int) Math.ceil(n);
    }

    /**
     * Trials per arm for two independent solve rates (the pooled-variance formula of Fleiss):
     * {@code (z(1-a/2) sqrt(2 pbar qbar) + z(power) sqrt(p1 q1 + p2 q2))^2 / (p1 - p2)^2}.
     */
    public static Integer proportionTrials(double p1, double p2, double alpha, double power) {
        if (p1 == p2) {
            return null;
        }
        double bar = (p1 + p2) / 2;
        double n =
                Math.pow(
                                z(1 - alpha / 2) * Math.sqrt(2 * bar * (1 - bar))
                                        + z(power) * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)),
                                2)
                        / Math.pow(p1 - p2, 2);
        return (int) Math.ceil(n);
    }

    /**
     * Pairs for McNemar's test (Connor 1987), from the discordant proportions {@code p10} (only the
     * first arm solved) and {@code p01} (only the second): {@code (z(1-a/2) sqrt(psi) + z(power)
     * sqrt(psi - delta^2))^2 / delta^2}, {@code psi = p10 + p01}, {@code delta = p01 - p10}.
     */
    public static Integer mcnemarPairs(double p10, double p01, double alpha, double power) {
        double psi = p10 + p01;
        double delta = p01 - p10;
        if (delta == 0) {
            return null;
        }
        double n =
                Math.pow(
                                z(1 - alpha / 2) * Math.sqrt(psi)
                                        + z(power) * Math.sqrt(Math.max(0, psi - delta * delta)),
                                2)
                        / (delta * delta);
        return (int) Math.ceil(n);
    }
}
