package io.harnessgym.mcp.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.workspace.Json;
import java.util.List;
import java.util.TreeSet;

/**
 * One line of {@code mcp_calls.jsonl}: a {@code tools/call} as the proxy measured it. The Python
 * tool's keys are kept where they mean the same thing; the rest are additions.
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
        long proxyPid) {

    private static final int MAX_ERROR_MESSAGE = 500;

    /** The JSON line: compact, keys sorted, as the Python tool wrote them. */
    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("argument_json_bytes", argumentJsonBytes);
        ArrayNode keys = node.putArray("argument_keys");
        new TreeSet<>(argumentKeys).forEach(keys::add);
        ArrayNode types = node.putArray("content_types");
        new TreeSet<>(contentTypes).forEach(types::add);
        node.put("created_at", createdAt);
        node.put("duration_ms", Math.round(durationMs * 1000) / 1000.0);
        if (errorCode == null) {
            node.putNull("error_code");
        } else {
            node.put("error_code", errorCode);
        }
        node.put("error_message", errorMessage == null ? "" : truncate(errorMessage));
        node.put("finished_at", finishedAt);
        node.put("framing", framing);
        if (isError == null) {
            node.putNull("is_error");
        } else {
            node.put("is_error", isError);
        }
        node.put("iteration", scope.iteration());
        node.put("method", "tools/call");
        node.put("phase", scope.phase());
        node.put("proxy_pid", proxyPid);
        node.set("request_id", requestId == null ? null : requestId.deepCopy());
        node.put("result_json_bytes", resultJsonBytes);
        node.put("run_id", scope.runId());
        node.put("server", server);
        node.put("status", status.id());
        node.put("tool_name", toolName);
        node.put("trial", scope.trial());
        return node;
    }

    private static String truncate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > MAX_ERROR_MESSAGE
                ? oneLine.substring(0, MAX_ERROR_MESSAGE) + "..."
                : oneLine;
    }
}
