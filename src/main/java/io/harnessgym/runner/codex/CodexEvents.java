package io.harnessgym.runner.codex;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.runner.JsonLines;
import io.harnessgym.runner.ToolCall;
import io.harnessgym.runner.Trajectory;
import io.harnessgym.runner.Usage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code codex exec --json} printed: the thread id ({@code thread.started}, the only place it
 * is), agent messages, MCP tool calls, command executions, file changes, token usage summed over
 * turns ({@code turn.completed}), failed turns and non-fatal errors, and the trajectory they make.
 */
public final class CodexEvents {
    String threadId;
    String lastMessage;
    String failure;
    boolean turnCompleted;
    Usage usage = Usage.NONE;
    final List<ToolCall> toolCalls = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final Trajectory trajectory = new Trajectory();
    JsonLines.Counts counts;

    public static CodexEvents read(Path stdout, String prompt) {
        CodexEvents events = new CodexEvents();
        events.trajectory.user(prompt);
        events.counts = JsonLines.read(stdout, events::accept);
        return events;
    }

    public String threadId() {
        return threadId;
    }

    public String failure() {
        return failure;
    }

    public Usage usage() {
        return usage;
    }

    public List<ToolCall> toolCalls() {
        return List.copyOf(toolCalls);
    }

    private void accept(JsonNode event) {
        switch (event.path("type").asText()) {
            case "thread.started" -> {
                if (threadId == null && event.path("thread_id").isTextual()) {
                    threadId = event.get("thread_id").asText();
                }
            }
            case "turn.completed" -> {
                turnCompleted = true;
                JsonNode u = event.path("usage");
                usage =
                        usage.plus(
                                new Usage(
                                        u.path("input_tokens").asLong(),
                                        u.path("output_tokens").asLong(),
                                        u.path("cached_input_tokens").asLong()));
            }
            case "turn.failed" -> failure = text(event.at("/error/message"), "the turn failed");
            case "error" -> warnings.add(text(event.path("message"), "error"));
            case "item.completed" -> item(event.path("item"));
            default -> {
                // item.started / item.updated and the rest: the completed item says it all.
            }
        }
    }

    private void item(JsonNode item) {
        String id = item.path("id").asText(null);
        switch (item.path("type").asText()) {
            case "agent_message" -> {
                lastMessage = item.path("text").asText("");
                trajectory.agent(lastMessage);
            }
            case "reasoning" -> trajectory.step("agent", null, null, null, null);
            case "mcp_tool_call" -> {
                String server = item.path("server").asText("");
                String tool = item.path("tool").asText("");
                String status = item.path("status").asText("");
                String error = item.at("/error/message").asText(null);
                toolCalls.add(new ToolCall("mcp", server, tool, status, error));
                trajectory.toolCall(
                        id,
                        "mcp__" + server + "__" + tool,
                        item.path("arguments"),
                        error != null ? "ERROR: " + error : item.path("result").toString());
            }
            case "command_execution" -> {
                String command = item.path("command").asText("");
                String status = item.path("status").asText("");
                toolCalls.add(
                        new ToolCall(
                                "command",
                                null,
                                command,
                                status,
                                "exit " + item.path("exit_code").asText("?")));
                trajectory.toolCall(
                        id,
                        "exec_command",
                        io.harnessgym.workspace.Json.object().put("cmd", command),
                        item.path("aggregated_output").asText(""));
            }
            case "file_change" -> {
                List<String> paths = new ArrayList<>();
                item.path("changes")
                        .forEach(
                                change ->
                                        paths.add(
                                                change.path("kind").asText("")
                                                        + " "
                                                        + change.path("path").asText("")));
                toolCalls.add(
                        new ToolCall(
                                "file_change",
                                null,
                                "apply_patch",
                                item.path("status").asText(""),
                                String.join(", ", paths)));
                trajectory.toolCall(
                        id, "apply_patch", item.path("changes"), item.path("status").asText(""));
            }
            case "error" -> warnings.add(text(item.path("message"), "error"));
            default -> {
                // web_search, todo_list, plan, ...: not tool calls of ours.
            }
        }
    }

    private static String text(JsonNode node, String fallback) {
        String text = node.isTextual() ? node.asText() : fallback;
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }
}
