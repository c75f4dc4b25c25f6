package io.harnessgym.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Messages API as Claude Code uses it (always streaming): the first request that offers the
 * scripted tool gets a {@code tool_use} of it; a request that carries a {@code tool_result} gets a
 * final text quoting it; anything else (warm-ups, side requests) gets plain text.
 */
final class MockAnthropic extends MockModelServer {
    private final String tool;
    private final Map<String, Object> input;

    MockAnthropic(String tool, Map<String, Object> input) throws IOException {
        this.tool = tool;
        this.input = input;
    }

    @Override
    List<String[]> answer(String path, JsonNode body) {
        if (!path.startsWith("/v1/messages") || path.contains("count_tokens")) {
            return null;
        }
        String toolResult = lastToolResult(body);
        if (toolResult != null) {
            return text("DONE: " + toolResult);
        }
        for (JsonNode offered : body.path("tools")) {
            if (tool.equals(offered.path("name").asText())) {
                return toolUse();
            }
        }
        return text("no tool to call");
    }

    private static String lastToolResult(JsonNode body) {
        JsonNode messages = body.path("messages");
        if (messages.isEmpty()) {
            return null;
        }
        JsonNode last = messages.get(messages.size() - 1);
        for (JsonNode block : last.path("content")) {
            if ("tool_result".equals(block.path("type").asText())) {
                JsonNode content = block.path("content");
                if (content.isTextual()) {
                    return content.asText();
                }
                StringBuilder text = new StringBuilder();
                content.forEach(part -> text.append(part.path("text").asText()));
                return text.toString();
            }
        }
        return null;
    }

    private List<String[]> toolUse() {
        List<String[]> events = new ArrayList<>();
        events.add(event("message_start", Map.of("type", "message_start", "message", message())));
        events.add(
                event(
                        "content_block_start",
                        Map.of(
                                "type",
                                "content_block_start",
                                "index",
                                0,
                                "content_block",
                                Map.of(
                                        "type",
                                        "tool_use",
                                        "id",
                                        "toolu_mock_1",
                                        "name",
                                        tool,
                                        "input",
                                        Map.of()))));
        events.add(
                event(
                        "content_block_delta",
                        Map.of(
                                "type",
                                "content_block_delta",
                                "index",
                                0,
                                "delta",
                                Map.of(
                                        "type",
                                        "input_json_delta",
                                        "partial_json",
                                        io.harnessgym.workspace.Json.compact(
                                                io.harnessgym.workspace.Json.MAPPER.valueToTree(
                                                        input))))));
        events.add(event("content_block_stop", Map.of("type", "content_block_stop", "index", 0)));
        events.add(
                event(
                        "message_delta",
                        Map.of(
                                "type",
                                "message_delta",
                                "delta",
                                stop("tool_use"),
                                "usage",
                                Map.of("output_tokens", 12))));
        events.add(event("message_stop", Map.of("type", "message_stop")));
        return events;
    }

    private static List<String[]> text(String text) {
        List<String[]> events = new ArrayList<>();
        events.add(event("message_start", Map.of("type", "message_start", "message", message())));
        events.add(
                event(
                        "content_block_start",
                        Map.of(
                                "type",
                                "content_block_start",
                                "index",
                                0,
                                "content_block",
                                Map.of("type", "text", "text", ""))));
        events.add(
                event(
                        "content_block_delta",
                        Map.of(
                                "type",
                                "content_block_delta",
                                "index",
                                0,
                                "delta",
                                Map.of("type", "text_delta", "text", text))));
        events.add(event("content_block_stop", Map.of("type", "content_block_stop", "index", 0)));
        events.add(
                event(
                        "message_delta",
                        Map.of(
                                "type",
                                "message_delta",
                                "delta",
                                stop("end_turn"),
                                "usage",
                                Map.of("output_tokens", 8))));
        events.add(event("message_stop", Map.of("type", "message_stop")));
        return events;
    }

    private static Map<String, Object> stop(String reason) {
        Map<String, Object> delta = new java.util.HashMap<>();
        delta.put("stop_reason", reason);
        delta.put("stop_sequence", null);
        return delta;
    }

    private static Map<String, Object> message() {
        Map<String, Object> message = new java.util.HashMap<>();
        message.put("id", "msg_mock");
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", "claude-mock");
        message.put("content", List.of());
        message.put("stop_reason", null);
        message.put("stop_sequence", null);
        message.put("usage", Map.of("input_tokens", 50, "output_tokens", 1));
        return message;
    }
}
