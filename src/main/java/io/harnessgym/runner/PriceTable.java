package io.harnessgym.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.workspace.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * US dollars per million tokens, for agents that report tokens but no cost (Codex). The built-in
 * table is documented in {@code docs/runners.md}; a JSON file ({@code {"model": {"input": 1.25,
 * "cached_input": 0.125, "output": 10}}}) overrides or extends it. A model in neither has an
 * unknown cost, never a guessed one. A model name matches its longest listed prefix ({@code
 * gpt-5-codex-2026} uses {@code gpt-5-codex}).
 */
public final class PriceTable {
    public record Price(double input, double cachedInput, double output) {}

    private static final Map<String, Price> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("gpt-5", new Price(1.25, 0.125, 10.0));
        BUILT_IN.put("gpt-5-codex", new Price(1.25, 0.125, 10.0));
        BUILT_IN.put("gpt-5-mini", new Price(0.25, 0.025, 2.0));
        BUILT_IN.put("gpt-5-nano", new Price(0.05, 0.005, 0.4));
        BUILT_IN.put("o4-mini", new Price(1.1, 0.275, 4.4));
    }

    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    public static PriceTable builtIn() {
        return new PriceTable(BUILT_IN);
    }

    /** The built-in table with {@code file}'s entries on top (null: the built-in one). */
    public static PriceTable load(Path file) {
        if (file == null) {
            return builtIn();
        }
        Map<String, Price> merged = new LinkedHashMap<>(BUILT_IN);
        JsonNode root = Json.readObject(file, file);
        root.fields()
                .forEachRemaining(
                        entry -> {
                            JsonNode p = entry.getValue();
                            if (!p.path("input").isNumber() || !p.path("output").isNumber()) {
                                throw io.harnessgym.error.HarnessGymException.badInput(
                                        file
                                                + ": the price of '"
                                                + entry.getKey()
                                                + "' needs numbers 'input' and 'output' (USD per million tokens)");
                            }
                            merged.put(
                                    entry.getKey().toLowerCase(Locale.ROOT),
                                    new Price(
                                            p.get("input").asDouble(),
                                            p.path("cached_input")
                                                    .asDouble(p.get("input").asDouble()),
                                            p.get("output").asDouble()));
                        });
        return new PriceTable(merged);
    }

    /** The cost of {@code usage} on {@code model}, or an unknown cost. */
    public Cost cost(String model, Usage usage) {
        if (model == null) {
            return Cost.unknown(null);
        }
        String key = model.toLowerCase(Locale.ROOT);
        String best = null;
        for (String name : prices.keySet()) {
            if ((key.equals(name) || key.startsWith(name + "-"))
                    && (best == null || name.length() > best.length())) {
                best = name;
            }
        }
        if (best == null) {
            return Cost.unknown(model);
        }
        Price price = prices.get(best);
        long uncached = Math.max(0, usage.inputTokens() - usage.cachedInputTokens());
        double usd =
                (uncached * price.input()
                                + usage.cachedInputTokens() * price.cachedInput()
                                + usage.outputTokens() * price.output())
                        / 1_000_000.0;
        return new Cost(usd, "price_table", model);
    }
}
