package io.harnessgym.stats;

/** A confidence interval at {@code level} (0.95 for 95%). */
public record Interval(double low, double high, double level) {
    public Interval {
        if (!(low <= high)) {
            throw new IllegalArgumentException(
                    "an interval's low end must not exceed its high end");
        }
    }

    public boolean contains(double value) {
        return low <= value && value <= high;
    }
}
