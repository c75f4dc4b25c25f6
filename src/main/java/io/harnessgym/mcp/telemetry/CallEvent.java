package io.harnessgym.mcp.telemetry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.workspace.Json;
import java.util.List;
import java.util.TreeSet;

/**
 * One line of {@code mcp_calls.jsonl}: a {@code tools/call} as the proxy measured it. The Python
 * tool's keys are kept where they mean the same thing; the rest are additions. {@code sandbox} says
 * how the server was confined ({@code bubblewrap} or {@code none}), never more than was enforced.
 */
public record CallEvent(
        String createdAt,
        String finishedAt,
        String server,
        JsonNode requestId,
        String toolName,
        List<String> argumentKeys,
        long argumentJsonBytes,
        long resultJsonBytes,
        List<String> contentTypes,
        Boolean isError,
        Integer errorCode,
        String errorMessage,
        double durationMs,
        CallStatus status,
        Scope scope,
        String framing,
        long proxyPid,
        String sandbox) {

    private static final int MAX_ERROR_MESSAGE = 500;

    /**
     * The line as written: the scope flattened, argument keys and content types sorted, the
     * duration rounded to microseconds, the error message one line of at most 500 characters.
     */
    @JsonPropertyOrder(alphabetic = true)
    record Line(
            long argumentJsonBytes,
            List<String> argumentKeys,
            List<String> contentTypes,
            String createdAt,
            double durationMs,
            Integer errorCode,
            String errorMessage,
            String finishedAt,
            String framing,
            @JsonInclude(JsonInclude.Include.ALWAYS) Boolean isError,
            String iteration,
            String method,
            String phase,
            long proxyPid,
            JsonNode requestId,
            long resultJsonBytes,
            String runId,
            String sandbox,
            String server,
            CallStatus status,
            String toolName,
            String trial) {}

    /** The JSON line as a tree: keys sorted, as the Python tool wrote them; bound by Jackson. */
    public ObjectNode toJson() {
        return Json.MAPPER.valueToTree(line());
    }

    /**
     * The line as the log stores it: compact UTF-8 with its newline, written by Jackson straight
     * from the record (its properties sort by their written names), with no tree in between, since
     * it is on the path of every call.
     */
    public byte[] toLineBytes() {
        try {
            byte[] json = COMPACT.writeValueAsBytes(line());
            byte[] withNewline = java.util.Arrays.copyOf(json, json.length + 1);
            withNewline[json.length] = '\n';
            return withNewline;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a call event", e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectWriter COMPACT =
            Json.MAPPER
                    .writer()
                    .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    private Line line() {
        return new Line(
                argumentJsonBytes,
                List.copyOf(new TreeSet<>(argumentKeys)),
                List.copyOf(new TreeSet<>(contentTypes)),
                createdAt,
                Math.round(durationMs * 1000) / 1000.0,
                errorCode,
                errorMessage == null ? "" : truncate(errorMessage),
                finishedAt,
                framing,
                isError,
                scope.iteration(),
                "tools/call",
                scope.phase(),
                proxyPid,
                requestId == null ? null : requestId.deepCopy(),
                resultJsonBytes,
                scope.runId(),
                sandbox,
                server,
                status,
                toolName,
                scope.trial());
    }

    private static String truncate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > MAX_ERROR_MESSAGE
                ? oneLine.substring(0, MAX_ERROR_MESSAGE) + "..."
                : oneLine;
    }
}
