package io.harnessgym.compare;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A figure measured per trial and compared between arms, with the direction that is better. Solved
 * and the score are outcomes; duration, tokens and cost are what the outcome cost.
 */
public enum Metric {
    SOLVED(true),
    SCORE(true),
    DURATION_SECONDS(false),
    TOKENS(false),
    COST_USD(false);

    private final boolean higherIsBetter;

    Metric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether more is better (the score's direction is the task's: see {@link #better}). */
    boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** Whether a positive difference (harnessed minus plain) is an improvement. */
    boolean better(double difference, boolean scoreHigherIsBetter) {
        boolean up = this == SCORE ? scoreHigherIsBetter : higherIsBetter;
        return up ? difference > 0 : difference < 0;
    }

    /** The trial's value, or null when it has none (a score, only). */
    Double of(Trial trial) {
        return switch (this) {
            case SOLVED -> trial.solved() ? 1.0 : 0.0;
            case SCORE -> trial.score();
            case DURATION_SECONDS -> trial.durationSeconds();
            case TOKENS -> (double) trial.tokens();
            case COST_USD -> trial.costUsd();
        };
    }
}
