package io.harnessgym.mcp.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the router and the call log need to know of one message, read without building its tree.
 *
 * @param id the request or response id (a string or number node), null when absent or null
 * @param toolName {@code params.name} (for {@code tools/call})
 * @param argumentKeys the keys of {@code params.arguments} when it is an object, in message order
 * @param argumentBytes the size of {@code params.arguments} as sent (0 when absent)
 * @param cancelledId {@code params.requestId} (for {@code notifications/cancelled})
 * @param protocolVersion {@code params.protocolVersion} or {@code result.protocolVersion}
 * @param isError {@code result.isError}, null when the result has none
 * @param contentTypes the {@code type} of each {@code result.content} item
 * @param resultBytes the size of {@code result}, or of {@code error} when there is one
 */
public record Peek(
        Kind kind,
        JsonNode id,
        String method,
        String toolName,
        List<String> argumentKeys,
        long argumentBytes,
        JsonNode cancelledId,
        String protocolVersion,
        Boolean isError,
        List<String> contentTypes,
        long resultBytes,
        Integer errorCode,
        String errorMessage) {

    /** The shapes a JSON-RPC message can have. */
    public enum Kind {
        REQUEST,
        NOTIFICATION,
        RESPONSE,
        BATCH,
        /** Valid JSON, but not a JSON-RPC 2.0 message. */
        INVALID
    }

    public String idKey() {
        return JsonRpc.key(id);
    }

    public boolean isToolCall() {
        return kind == Kind.REQUEST && "tools/call".equals(method);
    }
}
