package io.harnessgym.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI Responses API as Codex uses it: when the request offers the scripted MCP tool (a
 * {@code namespace} tool {@code mcp__<server>}), the answer is a {@code function_call} of it; once
 * a {@code function_call_output} comes back, a final message quoting it.
 */
final class MockResponses extends MockModelServer {
    private final String namespace;
    private final String tool;
    private final String arguments;

    MockResponses(String namespace, String tool, String arguments) throws IOException {
        this.namespace = namespace;
        this.tool = tool;
        this.arguments = arguments;
    }

    @Override
    List<String[]> answer(String path, JsonNode body) {
        if (!path.endsWith("/responses")) {
            return null;
        }
        String output = null;
        for (JsonNode item : body.path("input")) {
            if ("function_call_output".equals(item.path("type").asText())) {
                output = item.path("output").toString();
            }
        }
        if (output != null) {
            return respond(
                    Map.of(
                            "type",
                            "message",
                            "id",
                            "msg_1",
                            "role",
                            "assistant",
                            "status",
                            "completed",
                            "content",
                            List.of(
                                    Map.of(
                                            "type",
                                            "output_text",
                                            "text",
                                            "DONE: " + output,
                                            "annotations",
                                            List.of()))));
        }
        boolean offered = false;
        for (JsonNode offeredTool : body.path("tools")) {
            if (namespace.equals(offeredTool.path("name").asText())) {
                offered = true;
            }
        }
        if (!offered) {
            return respond(
                    Map.of(
                            "type",
                            "message",
                            "id",
                            "msg_0",
                            "role",
                            "assistant",
                            "status",
                            "completed",
                            "content",
                            List.of(
                                    Map.of(
                                            "type",
                                            "output_text",
                                            "text",
                                            "no tool to call",
                                            "annotations",
                                            List.of()))));
        }
        return respond(
                Map.of(
                        "type",
                        "function_call",
                        "id",
                        "fc_1",
                        "call_id",
                        "call_mock_1",
                        "namespace",
                        namespace,
                        "name",
                        tool,
                        "arguments",
                        arguments,
                        "status",
                        "completed"));
    }

    private static List<String[]> respond(Map<String, Object> item) {
        Map<String, Object> usage =
                Map.of(
                        "input_tokens",
                        20,
                        "output_tokens",
                        10,
                        "total_tokens",
                        30,
                        "input_tokens_details",
                        Map.of("cached_tokens", 0),
                        "output_tokens_details",
                        Map.of("reasoning_tokens", 0));
        return List.of(
                event(
                        "response.created",
                        Map.of(
                                "type",
                                "response.created",
                                "response",
                                Map.of(
                                        "id",
                                        "resp_1",
                                        "object",
                                        "response",
                                        "status",
                                        "in_progress",
                                        "output",
                                        List.of()))),
                event(
                        "response.output_item.added",
                        Map.of(
                                "type",
                                "response.output_item.added",
                                "output_index",
                                0,
                                "item",
                                item)),
                event(
                        "response.output_item.done",
                        Map.of(
                                "type",
                                "response.output_item.done",
                                "output_index",
                                0,
                                "item",
                                item)),
                event(
                        "response.completed",
                        Map.of(
                                "type",
                                "response.completed",
                                "response",
                                Map.of(
                                        "id",
                                        "resp_1",
                                        "object",
                                        "response",
                                        "status",
                                        "completed",
                                        "output",
                                        List.of(item),
                                        "usage",
                                        usage))));
    }
}
