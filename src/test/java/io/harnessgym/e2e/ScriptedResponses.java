package io.harnessgym.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI Responses API, scripted: request n of a conversation (n = the number of tool outputs
 * and earlier final messages its history holds, so a resumed session goes on where the last one
 * stopped) gets step n of the script: a namespaced MCP tool call, a shell command ({@code
 * exec_command}), a final message, an HTTP error or a hang.
 */
final class ScriptedResponses extends MockModelServer {
    /** Points Codex at this mock: {@code config.toml} in {@code codexHome}, no retries. */
    void writeCodexConfig(java.nio.file.Path codexHome) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode config = Json.object();
        config.put("model", "mock-model");
        config.put("model_provider", "mock");
        com.fasterxml.jackson.databind.node.ObjectNode provider =
                config.putObject("model_providers").putObject("mock");
        provider.put("name", "Mock");
        provider.put("base_url", baseUrl() + "/v1");
        provider.put("env_key", "MOCK_API_KEY");
        provider.put("wire_api", "responses");
        provider.put("request_max_retries", 0);
        provider.put("stream_max_retries", 0);
        java.nio.file.Files.writeString(
                codexHome.resolve("config.toml"),
                new com.fasterxml.jackson.dataformat.toml.TomlMapper().writeValueAsString(config));
    }

    sealed interface Step {}

    record Mcp(String namespace, String tool, String arguments) implements Step {}

    record Shell(String command) implements Step {}

    record Text(String text) implements Step {}

    record Fail(int status) implements Step {}

    record Hang() implements Step {}

    private final Map<String, List<Step>> conversations;

    ScriptedResponses(List<Step> steps) throws IOException {
        this(Map.of("", steps));
    }

    /**
     * One script per conversation: a request follows the script whose marker its history holds (the
     * first such, in the map's order), so fresh sessions of one run (each attempt) each get their
     * own.
     */
    ScriptedResponses(Map<String, List<Step>> conversations) throws IOException {
        this.conversations = new java.util.LinkedHashMap<>();
        conversations.forEach(
                (marker, steps) -> this.conversations.put(marker, List.copyOf(steps)));
    }

    private List<Step> steps(JsonNode body) {
        String history = body.path("input").toString();
        for (Map.Entry<String, List<Step>> conversation : conversations.entrySet()) {
            if (history.contains(conversation.getKey())) {
                return conversation.getValue();
            }
        }
        return List.of();
    }

    private Step stepFor(JsonNode body) {
        List<Step> steps = steps(body);
        int outputs = 0;
        for (JsonNode item : body.path("input")) {
            // Each tool output, and each final message of an earlier turn, used one step.
            if (item.path("type").asText().endsWith("_call_output")
                    || ("message".equals(item.path("type").asText())
                            && "assistant".equals(item.path("role").asText()))) {
                outputs++;
            }
        }
        return outputs < steps.size() ? steps.get(outputs) : new Text("script done");
    }

    /** The text of every input item of every request, for asserting what the model saw. */
    String everythingSent() {
        StringBuilder all = new StringBuilder();
        requests.forEach(r -> all.append(r.path("input")).append('\n'));
        return all.toString();
    }

    @Override
    int status(String path, JsonNode body) {
        return path.endsWith("/responses") && stepFor(body) instanceof Fail fail
                ? fail.status()
                : 200;
    }

    @Override
    List<String[]> answer(String path, JsonNode body) {
        if (!path.endsWith("/responses")) {
            return null;
        }
        Step step = stepFor(body);
        if (step instanceof Hang) {
            return hang();
        }
        int n = requests.size();
        Map<String, Object> item = new HashMap<>();
        if (step instanceof Mcp mcp) {
            item.put("type", "function_call");
            item.put("id", "fc_" + n);
            item.put("call_id", "call_" + n);
            item.put("namespace", mcp.namespace());
            item.put("name", mcp.tool());
            item.put("arguments", mcp.arguments());
            item.put("status", "completed");
        } else if (step instanceof Shell shell) {
            item.put("type", "function_call");
            item.put("id", "fc_" + n);
            item.put("call_id", "call_" + n);
            item.put("name", "exec_command");
            item.put("arguments", Json.compact(Json.object().put("cmd", shell.command())));
            item.put("status", "completed");
        } else {
            String text = step instanceof Text t ? t.text() : "unexpected step";
            item.put("type", "message");
            item.put("id", "msg_" + n);
            item.put("role", "assistant");
            item.put("status", "completed");
            item.put(
                    "content",
                    List.of(Map.of("type", "output_text", "text", text, "annotations", List.of())));
        }
        Map<String, Object> usage =
                Map.of(
                        "input_tokens", 100,
                        "output_tokens", 10,
                        "total_tokens", 110,
                        "input_tokens_details", Map.of("cached_tokens", 40),
                        "output_tokens_details", Map.of("reasoning_tokens", 0));
        List<String[]> events = new ArrayList<>();
        events.add(
                event(
                        "response.created",
                        Map.of(
                                "type",
                                "response.created",
                                "response",
                                response(n, List.of(), null))));
        events.add(
                event(
                        "response.output_item.added",
                        Map.of(
                                "type",
                                "response.output_item.added",
                                "output_index",
                                0,
                                "item",
                                item)));
        events.add(
                event(
                        "response.output_item.done",
                        Map.of(
                                "type",
                                "response.output_item.done",
                                "output_index",
                                0,
                                "item",
                                item)));
        events.add(
                event(
                        "response.completed",
                        Map.of(
                                "type",
                                "response.completed",
                                "response",
                                response(n, List.of(item), usage))));
        return events;
    }

    private static Map<String, Object> response(
            int n, List<Object> output, Map<String, Object> usage) {
        Map<String, Object> response = new HashMap<>();
        response.put("id", "resp_" + n);
        response.put("object", "response");
        response.put("status", usage == null ? "in_progress" : "completed");
        response.put("output", output);
        if (usage != null) {
            response.put("usage", usage);
        }
        return response;
    }
}
