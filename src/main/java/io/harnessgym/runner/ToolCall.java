package io.harnessgym.runner;

/**
 * One tool call the agent reported: an MCP tool ({@code server} set), a shell command, a file
 * change or a built-in tool, and how it ended. These are the agent's own account; the proxy's call
 * log, not this, is what harnessgym counts.
 */
public record ToolCall(String kind, String server, String name, String status, String detail) {}
