package io.harnessgym.mcp.framing;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes framed messages; thread-safe (one message at a time). Newline-delimited JSON must not
 * contain a raw newline, so a body that has one (pretty-printed by a legacy server) is
 * re-serialised compactly. A null framing writes newline-delimited JSON, the specification's.
 */
public final class MessageWriter {
    private final OutputStream out;
    private volatile Framing framing;

    public MessageWriter(OutputStream out, Framing framing) {
        this.out = out;
        this.framing = framing;
    }

    public Framing framing() {
        return framing;
    }

    public void setFraming(Framing framing) {
        this.framing = framing;
    }

    public synchronized void write(byte[] json) throws IOException {
        Framing current = framing;
        if (current == Framing.CONTENT_LENGTH) {
            out.write(
                    ("Content-Length: " + json.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.write(json);
        } else {
            out.write(singleLine(json));
            out.write('\n');
        }
        out.flush();
    }

    /** Bytes as they are, unframed: only for repairing a stream the framing probe left mid-line. */
    public synchronized void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void write(JsonNode message) throws IOException {
        write(Json.compact(message).getBytes(StandardCharsets.UTF_8));
    }

    public synchronized void close() throws IOException {
        out.close();
    }

    /** The body itself when it has no raw line break (the usual case), else a compact copy. */
    static byte[] singleLine(byte[] json) throws IOException {
        if (Swar.containsLineBreak(json)) {
            return Json.compact(Json.MAPPER.readTree(json)).getBytes(StandardCharsets.UTF_8);
        }
        return json;
    }
}
