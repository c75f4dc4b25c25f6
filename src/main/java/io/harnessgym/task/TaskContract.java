package io.harnessgym.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.text.Durations;
import io.harnessgym.workspace.ConfinedPaths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A task file's front matter, checked: every problem is collected (a list, so one bad key never
 * hides another). Keys use snake_case; every one is optional.
 *
 * @param scope globs of the paths the agent may edit (empty: anything)
 * @param protectedPaths paths the agent must not touch; checks always see them as the baseline has
 *     them
 * @param verify the command that decides solved / not solved
 * @param scoreCommand the command that gives the score (when there is no {@code verify}, it decides
 *     solved too)
 * @param scoreKey the JSON key of the score in that command's output
 * @param higherIsBetter the score's direction, or null when not stated
 * @param scoreTolerance how far apart two runs' scores on the same tree may be and still count as
 *     the same ({@code task check}'s determinism test), or null (they must be equal)
 * @param wallTimeSeconds the run's wall-time budget, or null
 * @param costUsd the run's cost budget, or null
 * @param iterations the run's iteration budget, or null
 * @param runner the runner to use by default, or null
 * @param model the model to use by default, or null
 */
public record TaskContract(
        List<String> scope,
        List<String> protectedPaths,
        String verify,
        String scoreCommand,
        String scoreKey,
        Boolean higherIsBetter,
        Double scoreTolerance,
        Long wallTimeSeconds,
        Double costUsd,
        Integer iterations,
        String runner,
        String model) {
    public static final TaskContract NONE =
            new TaskContract(
                    List.of(), List.of(), null, null, null, null, null, null, null, null, null,
                    null);

    static final Set<String> KEYS =
            Set.of("scope", "protected", "verify", "score", "budgets", "runner");

    public TaskContract {
        scope = List.copyOf(scope);
        protectedPaths = List.copyOf(protectedPaths);
    }

    /** Whether the front matter said anything. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    static TaskContract of(JsonNode node, List<String> problems) {
        if (!node.isObject()) {
            problems.add(
                    "the front matter must be a mapping of keys ("
                            + String.join(", ", sorted(KEYS))
                            + ")");
            return NONE;
        }
        only(node, "the front matter", KEYS, problems);
        List<String> scope = paths(node.path("scope"), "scope", problems);
        List<String> protectedPaths = paths(node.path("protected"), "protected", problems);
        String verify = text(node.path("verify"), "verify", problems);
        JsonNode score = node.path("score");
        String scoreCommand = null;
        String scoreKey = null;
        Boolean higher = null;
        Double tolerance = null;
        if (!score.isMissingNode() && !score.isNull()) {
            if (!score.isObject()) {
                problems.add("score must be a mapping (command, key, direction, tolerance)");
            } else {
                only(score, "score", Set.of("command", "key", "direction", "tolerance"), problems);
                JsonNode t = score.path("tolerance");
                if (!t.isMissingNode()) {
                    if (t.isNumber() && t.asDouble() >= 0 && Double.isFinite(t.asDouble())) {
                        tolerance = t.asDouble();
                    } else {
                        problems.add("score.tolerance must be a number of at least 0");
                    }
                }
                scoreCommand = text(score.path("command"), "score.command", problems);
                scoreKey = text(score.path("key"), "score.key", problems);
                String direction = text(score.path("direction"), "score.direction", problems);
                if (direction != null) {
                    switch (direction) {
                        case "higher", "higher_is_better", "max" -> higher = true;
                        case "lower", "lower_is_better", "min" -> higher = false;
                        default ->
                                problems.add(
                                        "score.direction is '"
                                                + direction
                                                + "'; use higher or lower");
                    }
                }
            }
        }
        JsonNode budgets = node.path("budgets");
        Long wall = null;
        Double cost = null;
        Integer iterations = null;
        if (!budgets.isMissingNode() && !budgets.isNull()) {
            if (!budgets.isObject()) {
                problems.add("budgets must be a mapping (wall_time, cost_usd, iterations)");
            } else {
                only(budgets, "budgets", Set.of("wall_time", "cost_usd", "iterations"), problems);
                JsonNode w = budgets.path("wall_time");
                if (!w.isMissingNode()) {
                    try {
                        wall = w.isNumber() ? w.asLong() : Durations.parseSeconds(w.asText());
                    } catch (IllegalArgumentException e) {
                        problems.add("budgets.wall_time: " + e.getMessage());
                    }
                }
                JsonNode c = budgets.path("cost_usd");
                if (!c.isMissingNode()) {
                    if (c.isNumber() && c.asDouble() > 0 && Double.isFinite(c.asDouble())) {
                        cost = c.asDouble();
                    } else {
                        problems.add("budgets.cost_usd must be a positive number");
                    }
                }
                JsonNode n = budgets.path("iterations");
                if (!n.isMissingNode()) {
                    if (n.isIntegralNumber() && n.asInt() >= 1) {
                        iterations = n.asInt();
                    } else {
                        problems.add("budgets.iterations must be a whole number of at least 1");
                    }
                }
            }
        }
        JsonNode runnerNode = node.path("runner");
        String runner = null;
        String model = null;
        if (runnerNode.isTextual()) {
            runner = runnerNode.asText();
        } else if (runnerNode.isObject()) {
            only(runnerNode, "runner", Set.of("name", "model"), problems);
            runner = text(runnerNode.path("name"), "runner.name", problems);
            model = text(runnerNode.path("model"), "runner.model", problems);
        } else if (!runnerNode.isMissingNode() && !runnerNode.isNull()) {
            problems.add("runner must be a name or a mapping (name, model)");
        }
        return new TaskContract(
                scope,
                protectedPaths,
                verify,
                scoreCommand,
                scoreKey,
                higher,
                tolerance,
                wall,
                cost,
                iterations,
                runner,
                model);
    }

    private static void only(JsonNode node, String where, Set<String> keys, List<String> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!keys.contains(name)) {
                problems.add(
                        where
                                + ": unknown key '"
                                + name
                                + "' (known: "
                                + String.join(", ", sorted(keys))
                                + ")");
            }
        }
    }

    private static List<String> paths(JsonNode node, String where, List<String> problems) {
        List<String> paths = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return paths;
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        for (JsonNode item : items) {
            if (!item.isTextual() || item.asText().isBlank()) {
                problems.add(where + " must list paths (text)");
                continue;
            }
            String path = item.asText().strip();
            String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            String problem =
                    ConfinedPaths.lexicalProblem(trimmed.replace("**", "x").replace("*", "x"));
            if (problem != null) {
                problems.add(where + " " + path + ": " + problem);
            } else {
                paths.add(trimmed);
            }
        }
        return paths;
    }

    private static String text(JsonNode node, String where, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problems.add(where + " must be text");
            return null;
        }
        return node.asText().strip();
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }
}
