package io.harnessgym.mcp.telemetry;

import java.util.Locale;

/** How a {@code tools/call} ended, as the proxy saw it. */
public enum CallStatus {
    /** A result without {@code isError}. */
    COMPLETED,
    /** A JSON-RPC error response, or the server went away before answering. */
    ERROR,
    /** A result with {@code isError: true}: the tool ran and failed. */
    TOOL_ERROR,
    /** The client sent {@code notifications/cancelled}. */
    CANCELLED,
    /** No answer within the proxy's response timeout. */
    TIMEOUT,
    /**
     * The proxy would not run the server: it is quarantined, or its content changed since it was
     * activated.
     */
    REFUSED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean successful() {
        return this == COMPLETED;
    }
}
