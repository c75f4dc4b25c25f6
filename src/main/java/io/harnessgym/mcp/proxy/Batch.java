package io.harnessgym.mcp.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.harnessgym.mcp.jsonrpc.JsonRpc;
import io.harnessgym.mcp.jsonrpc.Peek;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A client batch under protocol 2025-03-26 (the one revision that allowed batches): its requests go
 * to the server one by one, and their answers go back together, as one array, once all are in.
 */
final class Batch {
    private final ArrayNode answers = Json.MAPPER.createArrayNode();
    private int waiting;

    Batch(ArrayNode immediateAnswers, int requests) {
        answers.addAll(immediateAnswers);
        this.waiting = requests;
    }

    /** One batch element, as bytes of its own and its peek. */
    record Element(byte[] bytes, Peek peek) {}

    /**
     * Batches exist only in protocol 2025-03-26 (MCP added them there and removed them in
     * 2025-06-18). Under any other revision every request in a batch is answered with Invalid
     * Request; the answers, in one array (empty when the batch held no request).
     */
    static ArrayNode rejection(byte[] batch, String protocolVersion) throws IOException {
        ArrayNode answers = Json.MAPPER.createArrayNode();
        for (JsonNode element : Json.MAPPER.readTree(batch)) {
            JsonNode id = element.get("id");
            if (id != null && !id.isNull() && element.has("method")) {
                answers.add(
                        JsonRpc.errorResponse(
                                id,
                                JsonRpc.INVALID_REQUEST,
                                "JSON-RPC batches are not allowed in MCP "
                                        + (protocolVersion == null
                                                ? "before initialize"
                                                : protocolVersion)
                                        + " (only 2025-03-26 has them)",
                                null));
            }
        }
        return answers;
    }

    /**
     * A batch taken apart: requests to forward, notifications (and responses) to pass on, errors to
     * answer at once.
     */
    record Split(List<Element> requests, List<byte[]> notifications, ArrayNode invalid) {}

    static Split split(byte[] batch) throws IOException {
        List<Element> requests = new ArrayList<>();
        List<byte[]> notifications = new ArrayList<>();
        ArrayNode invalid = Json.MAPPER.createArrayNode();
        for (JsonNode element : Json.MAPPER.readTree(batch)) {
            byte[] bytes = Json.compact(element).getBytes(StandardCharsets.UTF_8);
            Peek peek;
            try {
                peek = JsonRpc.peek(bytes);
            } catch (JsonRpc.MalformedMessage e) {
                continue;
            }
            switch (peek.kind()) {
                case REQUEST -> {
                    if ("initialize".equals(peek.method())) {
                        invalid.add(
                                JsonRpc.errorResponse(
                                        peek.id(),
                                        JsonRpc.INVALID_REQUEST,
                                        "initialize must not be part of a batch",
                                        null));
                    } else {
                        requests.add(new Element(bytes, peek));
                    }
                }
                case NOTIFICATION, RESPONSE -> notifications.add(bytes);
                default ->
                        invalid.add(
                                JsonRpc.errorResponse(
                                        element.get("id"),
                                        JsonRpc.INVALID_REQUEST,
                                        "Invalid Request",
                                        null));
            }
        }
        return new Split(requests, notifications, invalid);
    }

    /** Adds one answer; returns the whole array when it was the last one, else null. */
    synchronized ArrayNode add(JsonNode answer) {
        answers.add(answer);
        waiting--;
        return waiting == 0 ? answers : null;
    }
}
