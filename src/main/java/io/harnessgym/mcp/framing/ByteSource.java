package io.harnessgym.mcp.framing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A buffered, blocking byte source with the three reads the framings need: a line, an exact number
 * of bytes, and a peek at the first non-blank byte. Every read is bounded; nothing busy-waits.
 */
final class ByteSource {
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;

    ByteSource(InputStream in) {
        this.in = in;
    }

    /** Refills the buffer; false at end of stream. */
    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    /**
     * The next line without its {@code \n} (and without a trailing {@code \r}); null at end of stream
     * with nothing read. A line longer than {@code max} is consumed to its end and reported.
     */
    byte[] readLine(int max) throws IOException {
        byte[] line = null;
        int length = 0;
        long total = 0;
        while (true) {
            if (!fill()) {
                if (total == 0) {
                    return null;
                }
                break;
            }
            int newline = indexOf((byte) '\n', position, limit);
            int end = newline < 0 ? limit : newline;
            int segment = end - position;
            if (newline >= 0 && total == 0 && segment <= max) {
                // Fast path: the whole line is in the buffer.
                byte[] whole = Arrays.copyOfRange(buffer, position, end);
                position = newline + 1;
                return stripCr(whole, whole.length);
            }
            total += segment;
            if (total <= max) {
                if (line == null) {
                    line = new byte[Math.min(max, Math.max(1024, segment * 2))];
                }
                if (length + segment > line.length) {
                    line = Arrays.copyOf(line, (int) Math.min(max, Math.max(line.length * 2L, length + segment)));
                }
                System.arraycopy(buffer, position, line, length, segment);
                length += segment;
            }
            position = newline < 0 ? limit : newline + 1;
            if (newline >= 0) {
                break;
            }
        }
        if (total > max) {
            throw new FramingException("message of " + total + " bytes exceeds the limit of " + max + " bytes", true);
        }
        return stripCr(line == null ? new byte[0] : line, length);
    }

    /** Exactly {@code n} bytes; an end of stream before them is an unrecoverable error. */
    byte[] readExactly(int n) throws IOException {
        byte[] out = new byte[n];
        int copied = 0;
        while (copied < n) {
            if (!fill()) {
                throw new FramingException("stream ended after " + copied + " of " + n + " announced bytes", false);
            }
            int part = Math.min(n - copied, limit - position);
            System.arraycopy(buffer, position, out, copied, part);
            position += part;
            copied += part;
        }
        return out;
    }

    /** Skips {@code n} bytes (an oversized body), so that the next message can be read. */
    void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            if (!fill()) {
                throw new FramingException("stream ended inside a skipped message", false);
            }
            int part = (int) Math.min(left, limit - position);
            position += part;
            left -= part;
        }
    }

    /** The first byte that is not white space, without consuming it; -1 at end of stream. */
    int peekNonBlank() throws IOException {
        while (true) {
            if (!fill()) {
                return -1;
            }
            byte b = buffer[position];
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                position++;
            } else {
                return b & 0xff;
            }
        }
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] stripCr(byte[] line, int length) {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        return end == line.length ? line : Arrays.copyOf(line, end);
    }
}
