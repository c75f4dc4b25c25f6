package io.harnessgym.mcp.framing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads framed JSON-RPC messages as raw UTF-8 bytes. Blocking, bounded ({@code maxBytes} per
 * message), and checked: a message that is not valid UTF-8 is reported, recoverably. The framing is
 * given, or detected from the peer's first bytes (a {@code Content-Length} header, or else lines).
 */
public final class MessageReader {
    public static final int DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

    private final ByteSource source;
    private final int maxBytes;
    private volatile Framing framing;

    public MessageReader(InputStream in, Framing framing, int maxBytes) {
        this.source = new ByteSource(in);
        this.framing = framing;
        this.maxBytes = maxBytes;
    }

    /**
     * The framing in use: as given, or as detected by the first {@link #read()}; null before that.
     */
    public Framing framing() {
        return framing;
    }

    /** The next message body, or null at a clean end of stream. */
    public byte[] read() throws IOException {
        if (framing == null) {
            int first = source.peekNonBlank();
            if (first < 0) {
                return null;
            }
            // A header starts with 'C' (Content-Length); anything else is read as lines, so a stray
            // non-JSON line on stdout is one malformed message rather than a lost stream.
            framing = first == 'C' || first == 'c' ? Framing.CONTENT_LENGTH : Framing.NDJSON;
        }
        byte[] body = framing == Framing.NDJSON ? readLineMessage() : readContentLengthMessage();
        if (body != null) {
            try {
                Utf8.requireValid(body);
            } catch (FramingException e) {
                throw new FramingException(e.getMessage(), true, body);
            }
        }
        return body;
    }

    private byte[] readLineMessage() throws IOException {
        while (true) {
            byte[] line = source.readLine(maxBytes);
            if (line == null) {
                return null;
            }
            if (!isBlank(line)) {
                return line;
            }
        }
    }

    private byte[] readContentLengthMessage() throws IOException {
        long length = -1;
        boolean sawHeader = false;
        while (true) {
            byte[] line = source.readLine(8192);
            if (line == null) {
                if (sawHeader) {
                    throw new FramingException("stream ended inside a message header", false);
                }
                return null;
            }
            if (isBlank(line)) {
                if (sawHeader) {
                    break;
                }
                continue;
            }
            sawHeader = true;
            String header = new String(line, StandardCharsets.US_ASCII);
            int colon = header.indexOf(':');
            if (colon < 0) {
                throw new FramingException(
                        "expected a 'Content-Length:' header, got: " + preview(header), false);
            }
            if (header.substring(0, colon)
                    .strip()
                    .toLowerCase(Locale.ROOT)
                    .equals("content-length")) {
                try {
                    length = Long.parseLong(header.substring(colon + 1).strip());
                } catch (NumberFormatException e) {
                    throw new FramingException("invalid Content-Length: " + preview(header), false);
                }
            }
        }
        if (length < 0) {
            throw new FramingException("message header has no Content-Length", false);
        }
        if (length > maxBytes) {
            source.skip(length);
            throw new FramingException(
                    "message of " + length + " bytes exceeds the limit of " + maxBytes + " bytes",
                    true);
        }
        return source.readExactly((int) length);
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String preview(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
