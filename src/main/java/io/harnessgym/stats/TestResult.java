package io.harnessgym.stats;

/** A hypothesis test's outcome: which test, its statistic and its two-sided p-value. */
public record TestResult(String test, double statistic, double pValue) {
    public TestResult {
        if (Double.isNaN(pValue) || pValue < 0) {
            throw new IllegalArgumentException("a p-value must be a number in [0, 1]");
        }
        pValue = Math.min(1.0, pValue);
    }

    /** The same result with its p-value replaced (a multiple-testing adjustment). */
    public TestResult adjusted(double p) {
        return new TestResult(test, statistic, p);
    }
}
