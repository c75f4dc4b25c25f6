package io.harnessgym.mcp.client;

/** A failed exchange with an MCP server: no answer, an error answer, or the server went away. */
public class McpException extends Exception {
    private static final long serialVersionUID = 1L;

    public McpException(String message) {
        super(message);
    }
}
