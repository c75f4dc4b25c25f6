package io.harnessgym.runner.claude;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.runner.JsonLines;
import io.harnessgym.runner.ToolCall;
import io.harnessgym.runner.Trajectory;
import io.harnessgym.runner.Usage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code claude -p --output-format stream-json --verbose} printed: the session id, the init
 * event (which MCP servers connected, the version), tool uses and their results, permission
 * denials, the result (usage, cost, {@code is_error}: not {@code subtype}, which stays {@code
 * success} for API errors), and the trajectory they make.
 */
public final class ClaudeEvents {
    String sessionId;
    String version;
    String resultText;
    String model;
    boolean sawResult;
    boolean isError;
    String errorSubtype;
    Double costUsd;
    Usage usage = Usage.NONE;
    final Map<String, String> servers = new LinkedHashMap<>();
    final List<ToolCall> toolCalls = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final Trajectory trajectory = new Trajectory();
    private final Map<String, JsonNode> pending = new LinkedHashMap<>();
    JsonLines.Counts counts;

    public static ClaudeEvents read(Path stdout, String prompt) {
        ClaudeEvents events = new ClaudeEvents();
        events.trajectory.user(prompt);
        events.counts = JsonLines.read(stdout, events::accept);
        return events;
    }

    private void accept(JsonNode event) {
        if (event.path("session_id").isTextual() && !event.get("session_id").asText().isBlank()) {
            sessionId = event.get("session_id").asText();
        }
        switch (event.path("type").asText()) {
            case "system" -> {
                if ("init".equals(event.path("subtype").asText())) {
                    version = event.path("claude_code_version").asText(null);
                    model = event.path("model").asText(null);
                    event.path("mcp_servers")
                            .forEach(
                                    s ->
                                            servers.put(
                                                    s.path("name").asText(),
                                                    s.path("status").asText()));
                }
            }
            case "assistant" -> {
                for (JsonNode block : event.at("/message/content")) {
                    switch (block.path("type").asText()) {
                        case "text" -> trajectory.agent(block.path("text").asText(""));
                        case "tool_use" -> pending.put(block.path("id").asText(), block);
                        default -> {
                            // thinking and the rest
                        }
                    }
                }
            }
            case "user" -> {
                for (JsonNode block : event.at("/message/content")) {
                    if ("tool_result".equals(block.path("type").asText())) {
                        toolResult(block);
                    }
                }
            }
            case "result" -> result(event);
            default -> {
                // stream events, hooks
            }
        }
    }

    private void toolResult(JsonNode block) {
        String id = block.path("tool_use_id").asText();
        JsonNode use = pending.remove(id);
        String name = use == null ? "unknown" : use.path("name").asText();
        boolean error = block.path("is_error").asBoolean(false);
        String content = text(block.path("content"));
        String kind;
        String server = null;
        String tool = name;
        if (name.startsWith("mcp__")) {
            kind = "mcp";
            String[] parts = name.split("__", 3);
            server = parts.length > 1 ? parts[1] : "";
            tool = parts.length > 2 ? parts[2] : "";
        } else if (name.equals("Bash")) {
            kind = "command";
            tool = use == null ? "" : use.at("/input/command").asText("");
        } else if (name.equals("Write")
                || name.equals("Edit")
                || name.equals("MultiEdit")
                || name.equals("NotebookEdit")) {
            kind = "file_change";
        } else {
            kind = "tool";
        }
        toolCalls.add(
                new ToolCall(
                        kind,
                        server,
                        tool,
                        error ? "failed" : "completed",
                        error ? clip(content) : null));
        trajectory.toolCall(id, name, use == null ? null : use.path("input"), content);
    }

    private void result(JsonNode event) {
        sawResult = true;
        isError = event.path("is_error").asBoolean(false);
        errorSubtype = event.path("subtype").asText("");
        resultText = event.path("result").isTextual() ? event.get("result").asText() : null;
        if (event.path("total_cost_usd").isNumber()) {
            costUsd = event.get("total_cost_usd").asDouble();
        }
        JsonNode u = event.path("usage");
        long cacheRead = u.path("cache_read_input_tokens").asLong();
        long cacheWrite = u.path("cache_creation_input_tokens").asLong();
        usage =
                new Usage(
                        u.path("input_tokens").asLong() + cacheRead + cacheWrite,
                        u.path("output_tokens").asLong(),
                        cacheRead);
        for (JsonNode denial : event.path("permission_denials")) {
            warnings.add(
                    "permission denied: "
                            + denial.path("tool_name").asText()
                            + " "
                            + clip(denial.path("tool_input").toString()));
        }
        if (isError) {
            event.path("errors").forEach(e -> warnings.add(clip(e.asText())));
        }
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.path("text").asText("")));
        return text.toString();
    }

    private static String clip(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }
}
