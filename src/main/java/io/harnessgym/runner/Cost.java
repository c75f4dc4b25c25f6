package io.harnessgym.runner;

/**
 * What a phase cost in US dollars, and where the figure comes from: {@code reported} by the agent
 * (Claude Code), {@code price_table} (tokens times a documented price, for Codex), or {@code
 * unknown} (then {@code usd} is null).
 */
public record Cost(Double usd, String source, String model) {
    public static Cost unknown(String model) {
        return new Cost(null, "unknown", model);
    }
}
