package io.harnessgym.mcp.framing;

import java.util.Locale;

/**
 * The two stdio framings: the MCP specification's newline-delimited JSON, and the legacy LSP-style
 * one.
 */
public enum Framing {
    NDJSON("ndjson"),
    CONTENT_LENGTH("content-length");

    private final String id;

    Framing(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * Parses {@code ndjson} or {@code content-length}; {@code auto} (or null) gives null: detect
     * it.
     */
    public static Framing parse(String text) {
        if (text == null || text.equalsIgnoreCase("auto")) {
            return null;
        }
        for (Framing framing : values()) {
            if (framing.id.equals(text.toLowerCase(Locale.ROOT))) {
                return framing;
            }
        }
        throw new IllegalArgumentException(
                "unknown framing '" + text + "' (use auto, ndjson or content-length)");
    }
}
