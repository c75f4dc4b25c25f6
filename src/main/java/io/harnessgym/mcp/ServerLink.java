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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The byte link to an MCP server's stdio, for the proxy and the client alike.
 *
 * <p>When the server's framing is not given, messages go out as newline-delimited JSON (the MCP
 * specification's framing) and the framing is taken from the server's first bytes. A legacy
 * Content-Length server says nothing to a JSON line (it reads it as a header line and waits), so
 * when the server has been silent for the probe window, the messages it has not answered are sent
 * again with Content-Length framing; a header-reading server then sees our JSON line as one more
 * (ignored) header and reads the framed copy.
 *
 * <p>A line-reading server that was merely slow reads the copies as lines too. Once it is heard,
 * the last copy (a JSON body with no newline) is closed with a line that cannot parse, so it does
 * not swallow the next message; the parse errors the copies provoke (id null) are dropped, and so
 * is a second answer to a request a lenient parser read twice.
 */
public final class ServerLink {
    public static final Duration DEFAULT_PROBE_WINDOW = Duration.ofSeconds(2);

    /** Breaks the dangling copy's line for a strict JSON parser, so it is not run a second time. */
    private static final byte[] CLOSING_LINE = "\u0000\n".getBytes(StandardCharsets.US_ASCII);

    private final MessageReader reader;
    private final MessageWriter writer;
    private final boolean detecting;
    private final Duration probeWindow;
    private final List<byte[]> unanswered = new ArrayList<>();
    private volatile boolean heard;
    private boolean probeStarted;

    /**
     * Parse errors we may have provoked: header, blank and glued body line per copy, and the
     * closing line.
     */
    private int provokedErrors;

    private volatile boolean fellBack;

    /** Requests sent twice: a line server may answer both; the second answer is dropped. */
    private final Set<String> sentTwice = new HashSet<>();

    private final Set<String> answeredOnce = new HashSet<>();

    public ServerLink(
            InputStream fromServer,
            OutputStream toServer,
            Framing framing,
            int maxMessageBytes,
            Duration probeWindow) {
        this.reader = new MessageReader(fromServer, framing, maxMessageBytes);
        this.writer = new MessageWriter(toServer, framing == null ? Framing.NDJSON : framing);
        this.detecting = framing == null;
        this.probeWindow = probeWindow;
    }

    public ServerLink(
            InputStream fromServer, OutputStream toServer, Framing framing, int maxMessageBytes) {
        this(fromServer, toServer, framing, maxMessageBytes, DEFAULT_PROBE_WINDOW);
    }

    /** One message from the server: its bytes and peek, or why it could not be read or parsed. */
    public record Received(byte[] bytes, Peek peek, String problem) {
        /**
         * For an unusable message, the id it seems to answer (read from its first bytes), so that
         * the request is finished at once instead of waiting for its timeout; else null.
         */
        public com.fasterxml.jackson.databind.JsonNode salvagedId() {
            return problem == null || bytes == null ? null : JsonRpc.salvageId(bytes);
        }
    }

    /** The framing in use: given, detected, or (while detecting) the one being tried. */
    public Framing framing() {
        return reader.framing() != null ? reader.framing() : writer.framing();
    }

    public void send(byte[] json) throws IOException {
        synchronized (this) {
            if (detecting && !heard) {
                unanswered.add(json);
                startProbe();
            }
            writer.write(json);
        }
    }

    public void send(com.fasterxml.jackson.databind.JsonNode message) throws IOException {
        send(
                io.harnessgym.workspace.Json.compact(message)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void startProbe() {
        if (probeStarted) {
            return;
        }
        probeStarted = true;
        Thread probe =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(probeWindow.toMillis());
                                fallBackToContentLength();
                            } catch (InterruptedException | IOException e) {
                                // The server is gone or we are shutting down; the reader reports
                                // it.
                            }
                        },
                        "harnessgym-framing-probe");
        probe.setDaemon(true);
        probe.start();
    }

    private synchronized void fallBackToContentLength() throws IOException {
        if (heard) {
            return;
        }
        writer.setFraming(Framing.CONTENT_LENGTH);
        fellBack = true;
        provokedErrors += 3 * unanswered.size() + 1;
        for (byte[] message : unanswered) {
            rememberRequestId(message);
            writer.write(message);
        }
    }

    private void rememberRequestId(byte[] message) {
        try {
            Peek peek = JsonRpc.peek(message);
            if (peek.kind() == Peek.Kind.REQUEST && peek.id() != null) {
                sentTwice.add(peek.idKey());
            }
        } catch (JsonRpc.MalformedMessage e) {
            // Not ours to judge here: the server answers it (or not) like any other message.
        }
    }

    /**
     * The next message, or null at the end of the server's stdout. Unreadable and malformed
     * messages come back with a {@code problem}; an unrecoverable framing error ends the stream.
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
                return new Received(e.unreadable(), null, e.getMessage());
            }
            if (bytes == null) {
                return null;
            }
            if (detecting && !heard) {
                synchronized (this) {
                    heard = true;
                    unanswered.clear();
                    writer.setFraming(reader.framing());
                    if (fellBack && reader.framing() == Framing.NDJSON) {
                        writer.writeRaw(CLOSING_LINE);
                    }
                }
            }
            Peek peek;
            try {
                peek = JsonRpc.peek(bytes);
            } catch (JsonRpc.MalformedMessage e) {
                return new Received(bytes, null, "not JSON: " + e.getMessage());
            }
            // Only a link that sent copies can receive what they provoke; the common path skips the
            // locks.
            if (fellBack && (isProvokedParseError(peek) || isSecondAnswer(peek))) {
                continue;
            }
            return new Received(bytes, peek, null);
        }
    }

    private synchronized boolean isSecondAnswer(Peek peek) {
        if (peek.kind() != Peek.Kind.RESPONSE
                || peek.id() == null
                || !sentTwice.contains(peek.idKey())) {
            return false;
        }
        if (answeredOnce.add(peek.idKey())) {
            return false;
        }
        sentTwice.remove(peek.idKey());
        answeredOnce.remove(peek.idKey());
        return true;
    }

    private synchronized boolean isProvokedParseError(Peek peek) {
        if (peek.kind() != Peek.Kind.RESPONSE || peek.id() != null || provokedErrors == 0) {
            return false;
        }
        Integer code = peek.errorCode();
        if (code != null && (code == JsonRpc.PARSE_ERROR || code == JsonRpc.INVALID_REQUEST)) {
            provokedErrors--;
            return true;
        }
        return false;
    }

    public void closeOutput() {
        try {
            writer.close();
        } catch (IOException ignored) {
            // Already closed: the server is gone.
        }
    }
}
