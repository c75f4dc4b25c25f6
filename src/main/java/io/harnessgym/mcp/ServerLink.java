package io.harnessgym.mcp;

import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.framing.FramingException;
import io.harnessgym.mcp.framing.MessageReader;
import io.harnessgym.mcp.framing.MessageWriter;
import io.harnessgym.mcp.jsonrpc.JsonRpc;
import io.harnessgym.mcp.jsonrpc.Peek;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The byte link to an MCP server's stdio, for the proxy and the client alike. When the server's
 * framing is not given, messages go out in the dual form (readable by both framings) until the
 * server's first bytes show which framing it speaks; from then on, that one. A line-reading server
 * may answer the dual form's header line with a parse error (id null): those answers are dropped.
 */
public final class ServerLink {
    private final MessageReader reader;
    private final MessageWriter writer;
    /** Parse errors we may have provoked: two lines (header, blank) per dual-form message. */
    private final AtomicInteger provokedErrors = new AtomicInteger();

    public ServerLink(InputStream fromServer, OutputStream toServer, Framing framing, int maxMessageBytes) {
        this.reader = new MessageReader(fromServer, framing, maxMessageBytes);
        this.writer = new MessageWriter(toServer, framing);
    }

    /** One message from the server: its bytes and peek, or why it could not be read or parsed. */
    public record Received(byte[] bytes, Peek peek, String problem) {}

    public Framing framing() {
        return writer.framing() != null ? writer.framing() : reader.framing();
    }

    public void send(byte[] json) throws IOException {
        if (writer.framing() == null) {
            provokedErrors.addAndGet(2);
        }
        writer.write(json);
    }

    public void send(com.fasterxml.jackson.databind.JsonNode message) throws IOException {
        send(io.harnessgym.workspace.Json.compact(message).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The next message, or null at the end of the server's stdout. Unreadable and malformed messages
     * come back with a {@code problem}; an unrecoverable framing error ends the stream (null after it).
     */
    public Received receive() throws IOException {
        while (true) {
            byte[] bytes;
            try {
                bytes = reader.read();
            } catch (FramingException e) {
                if (!e.recoverable()) {
                    throw e;
                }
                return new Received(null, null, e.getMessage());
            }
            if (bytes == null) {
                return null;
            }
            if (writer.framing() == null) {
                writer.setFraming(reader.framing());
            }
            Peek peek;
            try {
                peek = JsonRpc.peek(bytes);
            } catch (JsonRpc.MalformedMessage e) {
                return new Received(bytes, null, "not JSON: " + e.getMessage());
            }
            if (isProvokedParseError(peek)) {
                continue;
            }
            return new Received(bytes, peek, null);
        }
    }

    private boolean isProvokedParseError(Peek peek) {
        if (peek.kind() != Peek.Kind.RESPONSE || peek.id() != null || reader.framing() != Framing.NDJSON) {
            return false;
        }
        Integer code = peek.errorCode();
        boolean parseError = code != null && (code == JsonRpc.PARSE_ERROR || code == JsonRpc.INVALID_REQUEST);
        return parseError && provokedErrors.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    public void closeOutput() {
        try {
            writer.close();
        } catch (IOException ignored) {
            // Already closed: the server is gone.
        }
    }
}
