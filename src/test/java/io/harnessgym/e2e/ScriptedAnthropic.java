package io.harnessgym.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Anthropic Messages API (streaming), scripted: request n of a conversation (n = the tool
 * results and earlier final answers its history holds, so a resumed session goes on where the last
 * stopped) gets step n: a tool use (an MCP tool, Bash, Write), a final text, an HTTP error or a
 * hang. Requests that offer no tools (side requests) get plain text.
 */
final class ScriptedAnthropic extends MockModelServer {
    sealed interface Step {}

    /** A tool use: {@code mcp__server__tool}, {@code Bash} ({@code command}), {@code Write}, ... */
    record Use(String tool, Map<String, Object> input) implements Step {}

    record Text(String text) implements Step {}

    record Fail(int status) implements Step {}

    record Hang() implements Step {}

    static Use bash(String command) {
        return new Use("Bash", Map.of("command", command, "description", "scripted"));
    }

    static Use write(String path, String content) {
        return new Use("Write", Map.of("file_path", path, "content", content));
    }

    private final Map<String, List<Step>> conversations;

    ScriptedAnthropic(List<Step> steps) throws IOException {
        this(Map.of("", steps));
    }

    /**
     * One script per conversation: a request follows the script whose marker its history holds (the
     * first such, in the map's order), so fresh sessions of one run (each attempt) each get their
     * own.
     */
    ScriptedAnthropic(Map<String, List<Step>> conversations) throws IOException {
        this.conversations = new java.util.LinkedHashMap<>();
        conversations.forEach(
                (marker, steps) -> this.conversations.put(marker, List.copyOf(steps)));
    }

    private List<Step> steps(JsonNode body) {
        String history = body.path("messages").toString();
        for (Map.Entry<String, List<Step>> conversation : conversations.entrySet()) {
            if (history.contains(conversation.getKey())) {
                return conversation.getValue();
            }
        }
        return List.of();
    }

    private Step stepFor(JsonNode body) {
        if (body.path("tools").isEmpty()) {
            return new Text("side answer");
        }
        // Claude merges consecutive assistant messages when it resumes: every tool result, and
        // every text block of the assistant (each final answer is one), used one step.
        List<Step> steps = steps(body);
        int used = 0;
        for (JsonNode message : body.path("messages")) {
            boolean assistant = "assistant".equals(message.path("role").asText());
            for (JsonNode block : message.path("content")) {
                String type = block.path("type").asText();
                if ("tool_result".equals(type) || (assistant && "text".equals(type))) {
                    used++;
                }
            }
        }
        return used < steps.size() ? steps.get(used) : new Text("script done");
    }

    String everythingSent() {
        StringBuilder all = new StringBuilder();
        requests.forEach(r -> all.append(r.path("messages")).append('\n'));
        return all.toString();
    }

    @Override
    int status(String path, JsonNode body) {
        return path.startsWith("/v1/messages") && stepFor(body) instanceof Fail fail
                ? fail.status()
                : 200;
    }

    @Override
    List<String[]> answer(String path, JsonNode body) {
        if (!path.startsWith("/v1/messages") || path.contains("count_tokens")) {
            return null;
        }
        Step step = stepFor(body);
        if (step instanceof Hang) {
            return hang();
        }
        int n = requests.size();
        List<String[]> events = new ArrayList<>();
        events.add(event("message_start", Map.of("type", "message_start", "message", message())));
        String stop;
        if (step instanceof Use use) {
            stop = "tool_use";
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
                                            "toolu_" + n,
                                            "name",
                                            use.tool(),
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
                                            Json.compact(Json.MAPPER.valueToTree(use.input()))))));
        } else {
            stop = "end_turn";
            String text = step instanceof Text t ? t.text() : "unexpected";
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
        }
        events.add(event("content_block_stop", Map.of("type", "content_block_stop", "index", 0)));
        Map<String, Object> delta = new HashMap<>();
        delta.put("stop_reason", stop);
        delta.put("stop_sequence", null);
        events.add(
                event(
                        "message_delta",
                        Map.of(
                                "type",
                                "message_delta",
                                "delta",
                                delta,
                                "usage",
                                Map.of("output_tokens", 10))));
        events.add(event("message_stop", Map.of("type", "message_stop")));
        return events;
    }

    private static Map<String, Object> message() {
        Map<String, Object> message = new HashMap<>();
        message.put("id", "msg_mock");
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", "claude-mock");
        message.put("content", List.of());
        message.put("stop_reason", null);
        message.put("stop_sequence", null);
        message.put(
                "usage",
                Map.of("input_tokens", 100, "output_tokens", 1, "cache_read_input_tokens", 30));
        return message;
    }
}
