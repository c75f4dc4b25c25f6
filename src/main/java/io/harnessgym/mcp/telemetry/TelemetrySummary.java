package io.harnessgym.mcp.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.workspace.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads {@code mcp_calls.jsonl} line by line (never whole) and counts calls, optionally only those
 * of one run and iteration. Successful means {@code status: completed}; a result with {@code
 * isError} (status {@code tool_error}), an error, a timeout and a cancellation are failures. Lines
 * that are not JSON objects are skipped and counted.
 */
public final class TelemetrySummary {
    private static final Set<String> FAILED =
            Set.of("error", "tool_error", "timeout", "cancelled", "failed");

    private int count;
    private int successful;
    private int failed;
    private int skippedLines;
    private final Map<String, Integer> statusCounts = new TreeMap<>();
    private final Set<String> calledTools = new TreeSet<>();
    private final Set<String> servers = new TreeSet<>();
    private final Map<String, int[]> scopes = new TreeMap<>();

    private TelemetrySummary() {}

    /** Summarises the log; {@code runId} and {@code iteration} filter when not null. */
    public static TelemetrySummary read(Path log, String runId, String iteration) {
        TelemetrySummary summary = new TelemetrySummary();
        if (!Files.exists(log)) {
            return summary;
        }
        try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode event;
                try {
                    event = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    summary.skippedLines++;
                    continue;
                }
                if (event == null || !event.isObject()) {
                    summary.skippedLines++;
                    continue;
                }
                if (matches(event, "run_id", runId) && matches(event, "iteration", iteration)) {
                    summary.add(event);
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new UncheckedIOException(log + ": not valid UTF-8", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log + ": " + e.getMessage(), e);
        }
        return summary;
    }

    private static boolean matches(JsonNode event, String key, String wanted) {
        return wanted == null || wanted.equals(event.path(key).asText(""));
    }

    private void add(JsonNode event) {
        String status = event.path("status").asText("unknown");
        boolean ok = status.equals("completed") && !event.path("is_error").asBoolean(false);
        boolean bad = FAILED.contains(status) || (status.equals("completed") && !ok);
        count++;
        successful += ok ? 1 : 0;
        failed += bad ? 1 : 0;
        statusCounts.merge(status, 1, Integer::sum);
        String tool = event.path("tool_name").asText("");
        if (!tool.isEmpty()) {
            calledTools.add(tool);
        }
        String server = event.path("server").asText("");
        if (!server.isEmpty()) {
            servers.add(server);
        }
        String scope =
                String.join(
                        "\u0000",
                        event.path("run_id").asText(""),
                        event.path("iteration").asText(""),
                        event.path("phase").asText(""),
                        event.path("trial").asText(""));
        int[] figures = scopes.computeIfAbsent(scope, key -> new int[3]);
        figures[0]++;
        figures[1] += ok ? 1 : 0;
        figures[2] += bad ? 1 : 0;
    }

    public int count() {
        return count;
    }

    public int successful() {
        return successful;
    }

    public int failed() {
        return failed;
    }

    public int skippedLines() {
        return skippedLines;
    }

    public Set<String> calledTools() {
        return calledTools;
    }

    public ObjectNode toJson(Path log) {
        ObjectNode node = Json.object();
        node.put("path", log.toString());
        node.put("count", count);
        node.put("successful_count", successful);
        node.put("failed_count", failed);
        node.put("skipped_lines", skippedLines);
        ObjectNode statuses = node.putObject("status_counts");
        statusCounts.forEach(statuses::put);
        ArrayNode tools = node.putArray("called_tools");
        calledTools.forEach(tools::add);
        ArrayNode serverList = node.putArray("servers");
        servers.forEach(serverList::add);
        ArrayNode scopeList = node.putArray("scopes");
        scopes.forEach(
                (key, figures) -> {
                    String[] parts = key.split("\u0000", -1);
                    ObjectNode scope = scopeList.addObject();
                    scope.put("run_id", parts[0]);
                    scope.put("iteration", parts[1]);
                    scope.put("phase", parts[2]);
                    scope.put("trial", parts[3]);
                    scope.put("count", figures[0]);
                    scope.put("successful_count", figures[1]);
                    scope.put("failed_count", figures[2]);
                });
        return node;
    }
}
