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
     * The line as the log stores it: compact UTF-8 with its newline, the keys in {@link Line}'s
     * (alphabetical) order. It is on the path of every call, before the answer goes to the client,
     * so it is written token by token with Jackson's streaming generator rather than by binding the
     * record (measured: databind's serialiser of the record was ~80 µs of a fresh proxy's first
     * calls); {@code CallEventTest} checks it is byte for byte what binding {@link Line} writes.
     */
    public byte[] toLineBytes() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(512);
        try (com.fasterxml.jackson.core.JsonGenerator out =
                Json.MAPPER.getFactory().createGenerator(bytes)) {
            out.writeStartObject();
            out.writeNumberField("argument_json_bytes", argumentJsonBytes);
            writeSorted(out, "argument_keys", argumentKeys);
            writeSorted(out, "content_types", contentTypes);
            writeString(out, "created_at", createdAt);
            out.writeNumberField("duration_ms", Math.round(durationMs * 1000) / 1000.0);
            out.writeFieldName("error_code");
            if (errorCode == null) {
                out.writeNull();
            } else {
                out.writeNumber(errorCode.intValue());
            }
            writeString(out, "error_message", errorMessage == null ? "" : truncate(errorMessage));
            writeString(out, "finished_at", finishedAt);
            writeString(out, "framing", framing);
            out.writeFieldName("is_error");
            if (isError == null) {
                out.writeNull();
            } else {
                out.writeBoolean(isError);
            }
            writeString(out, "iteration", scope.iteration());
            writeString(out, "method", "tools/call");
            writeString(out, "phase", scope.phase());
            out.writeNumberField("proxy_pid", proxyPid);
            out.writeFieldName("request_id");
            if (requestId == null || requestId.isNull()) {
                out.writeNull();
            } else if (requestId.isTextual()) {
                out.writeString(requestId.textValue());
            } else if (requestId.isInt() || requestId.isLong()) {
                out.writeNumber(requestId.longValue());
            } else {
                Json.MAPPER.writeTree(out, requestId);
            }
            out.writeNumberField("result_json_bytes", resultJsonBytes);
            writeString(out, "run_id", scope.runId());
            writeString(out, "sandbox", sandbox);
            writeString(out, "server", server);
            writeString(out, "status", status == null ? null : status.id());
            writeString(out, "tool_name", toolName);
            writeString(out, "trial", scope.trial());
            out.writeEndObject();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write a call event", e);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    private static void writeString(
            com.fasterxml.jackson.core.JsonGenerator out, String name, String value)
            throws java.io.IOException {
        out.writeFieldName(name);
        if (value == null) {
            out.writeNull();
        } else {
            out.writeString(value);
        }
    }

    private static void writeSorted(
            com.fasterxml.jackson.core.JsonGenerator out, String name, List<String> values)
            throws java.io.IOException {
        out.writeArrayFieldStart(name);
        for (String value : new TreeSet<>(values)) {
            out.writeString(value);
        }
        out.writeEndArray();
    }

    /** The line as Jackson binds {@link Line}: what {@link #toLineBytes} must equal (tests). */
    byte[] boundLineBytes() {
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
