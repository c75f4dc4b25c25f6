package io.harnessgym.runner;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.workspace.AtomicFiles;
import io.harnessgym.workspace.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A phase's trajectory in Harbor's Agent Trajectory Interchange Format (ATIF v1.4): the user's
 * prompt, then the agent's steps (messages, tool calls with their observations, per-step tokens),
 * and the totals. Every runner builds one from its own event stream, so runs compare across runners
 * and tools that read ATIF can read them. Where a runner's events say less (a command harness that
 * writes no trace), the trajectory says less; it never invents steps.
 */
public final class Trajectory {
    public static final String SCHEMA = "ATIF-v1.4";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Document(
            String schemaVersion,
            String sessionId,
            Agent agent,
            List<Step> steps,
            FinalMetrics finalMetrics,
            JsonNode extra) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Agent(String name, String version, String modelName) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(
            int stepId,
            String timestamp,
            String source,
            String message,
            List<Call> toolCalls,
            Observation observation,
            Metrics metrics) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Call(String toolCallId, String functionName, JsonNode arguments) {}

    public record Observation(List<ObservationResult> results) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ObservationResult(String sourceCallId, String content) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metrics(
            Long promptTokens, Long completionTokens, Long cachedTokens, Double costUsd) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FinalMetrics(
            long totalPromptTokens,
            long totalCompletionTokens,
            long totalCachedTokens,
            Double totalCostUsd,
            int totalSteps) {}

    private static final int MAX_TEXT = 20_000;
    private final List<Step> steps = new ArrayList<>();

    /** Adds a step from {@code source} ({@code user}, {@code agent} or {@code system}). */
    public Trajectory step(
            String source,
            String message,
            List<Call> calls,
            Observation observation,
            Metrics metrics) {
        steps.add(
                new Step(
                        steps.size() + 1,
                        Instant.now().toString(),
                        source,
                        clip(message),
                        calls == null || calls.isEmpty() ? null : List.copyOf(calls),
                        observation,
                        metrics));
        return this;
    }

    public Trajectory user(String message) {
        return step("user", message, null, null, null);
    }

    public Trajectory agent(String message) {
        return step("agent", message, null, null, null);
    }

    /** A tool call and what it returned, as one agent step. */
    public Trajectory toolCall(String id, String name, JsonNode arguments, String result) {
        return step(
                "agent",
                null,
                List.of(new Call(id, name, arguments)),
                new Observation(List.of(new ObservationResult(id, clip(result)))),
                null);
    }

    public int size() {
        return steps.size();
    }

    public Document document(
            String sessionId, Agent agent, Usage usage, Double costUsd, JsonNode extra) {
        return new Document(
                SCHEMA,
                sessionId,
                agent,
                List.copyOf(steps),
                new FinalMetrics(
                        usage.inputTokens(),
                        usage.outputTokens(),
                        usage.cachedInputTokens(),
                        costUsd,
                        steps.size()),
                extra);
    }

    public void write(
            Path file, String sessionId, Agent agent, Usage usage, Double costUsd, JsonNode extra) {
        AtomicFiles.writeString(
                file, Json.pretty(document(sessionId, agent, usage, costUsd, extra)) + "\n");
    }

    private static String clip(String text) {
        if (text == null || text.length() <= MAX_TEXT) {
            return text;
        }
        return text.substring(0, MAX_TEXT)
                + "... ["
                + (text.length() - MAX_TEXT)
                + " more characters]";
    }
}
