package io.harnessgym.mcp.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.workspace.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    private int count;
    private int successful;
    private int failed;
    private int skippedLines;
    private final Map<String, Integer> statusCounts = new TreeMap<>();
    private final Set<String> calledTools = new TreeSet<>();
    private final Set<String> servers = new TreeSet<>();
    private final Map<String, int[]> scopes = new TreeMap<>();

    private TelemetrySummary() {}

    /**
     * Longer lines are not call events (the proxy writes a few hundred bytes); they are skipped.
     */
    static final int MAX_LINE_BYTES = 1 << 20;

    /**
     * Summarises the log; {@code runId} and {@code iteration} filter when not null. The log is read
     * as bytes, a line at a time: a line that is not valid UTF-8, not a JSON object, or too long is
     * skipped and counted, never fatal, so one bad line cannot hide the others.
     */
    public static TelemetrySummary read(Path log, String runId, String iteration) {
        TelemetrySummary summary = new TelemetrySummary();
        if (!Files.exists(log)) {
            return summary;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(log), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(512);
            boolean tooLong = false;
            for (int b; ; ) {
                b = in.read();
                if (b == '\n' || b < 0) {
                    if (tooLong) {
                        summary.skippedLines++;
                    } else if (line.size() > 0) {
                        summary.addLine(line.toByteArray(), runId, iteration);
                    }
                    line.reset();
                    tooLong = false;
                    if (b < 0) {
                        break;
                    }
                } else if (line.size() >= MAX_LINE_BYTES) {
                    tooLong = true;
                } else {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log + ": " + e.getMessage(), e);
        }
        return summary;
    }

    private void addLine(byte[] bytes, String runId, String iteration) {
        String text;
        try {
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString();
        } catch (CharacterCodingException e) {
            skippedLines++;
            return;
        }
        if (text.isBlank()) {
            return;
        }
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            skippedLines++;
            return;
        }
        if (event == null || !event.isObject()) {
            skippedLines++;
            return;
        }
        if (matches(event, "run_id", runId) && matches(event, "iteration", iteration)) {
            add(event);
        }
    }

    private static boolean matches(JsonNode event, String key, String wanted) {
        return wanted == null || wanted.equals(event.path(key).asText(""));
    }

    private void add(JsonNode event) {
        String status = event.path("status").asText("unknown");
        boolean ok = status.equals("completed") && !event.path("is_error").asBoolean(false);
        // Every call is either successful or failed, so the counts add up: an unknown status is
        // not a success.
        boolean bad = !ok;
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

    /** The {@code --json} report, a record under the mapper's naming policy. */
    public record Report(
            String path,
            int count,
            int successfulCount,
            int failedCount,
            int skippedLines,
            Map<String, Integer> statusCounts,
            List<String> calledTools,
            List<String> servers,
            List<ScopeCount> scopes) {}

    /** The figures of one run, iteration, phase and trial. */
    public record ScopeCount(
            String runId,
            String iteration,
            String phase,
            String trial,
            int count,
            int successfulCount,
            int failedCount) {}

    public Report report(Path log) {
        List<ScopeCount> scopeCounts = new java.util.ArrayList<>();
        scopes.forEach(
                (key, figures) -> {
                    String[] parts = key.split("\u0000", -1);
                    scopeCounts.add(
                            new ScopeCount(
                                    parts[0],
                                    parts[1],
                                    parts[2],
                                    parts[3],
                                    figures[0],
                                    figures[1],
                                    figures[2]));
                });
        return new Report(
                log.toString(),
                count,
                successful,
                failed,
                skippedLines,
                new java.util.TreeMap<>(statusCounts),
                List.copyOf(calledTools),
                List.copyOf(servers),
                scopeCounts);
    }
}
