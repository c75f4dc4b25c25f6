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

    /**
     * The longest line read so far: a peer that sends one large message usually sends more of that
     * size.
     */
    private int largestLine;

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
     * The next line without its {@code \n} (and without a trailing {@code \r}); null at end of
     * stream with nothing read. A line longer than {@code max} is consumed to its end and reported.
     */
    byte[] readLine(int max) throws IOException {
        if (!fill()) {
            return null;
        }
        int newline = Swar.indexOfNewline(buffer, position, limit);
        if (newline >= 0 && newline - position <= max) {
            // Fast path: the whole line is in the buffer.
            byte[] whole = Arrays.copyOfRange(buffer, position, newline);
            position = newline + 1;
            return stripCr(whole, whole.length);
        }
        return readLongLine(max);
    }

    /**
     * A line that spans buffer fills: read straight into a growing array (one copy), in chunks no
     * larger than the buffer so that what follows the newline fits back into it.
     */
    private byte[] readLongLine(int max) throws IOException {
        int pending = limit - position;
        int guess = Math.max(pending * 2, largestLine + buffer.length);
        byte[] line = new byte[Math.max(buffer.length * 2, Math.min(max, guess) + 1)];
        System.arraycopy(buffer, position, line, 0, pending);
        int length = pending;
        long total = pending;
        position = limit;
        boolean tooLong = total > max;
        while (true) {
            int scanFrom = length;
            if (tooLong) {
                // Past the limit: keep only finding the end of the line, through the small buffer.
                if (!fill()) {
                    break;
                }
                int newline = Swar.indexOfNewline(buffer, position, limit);
                total += (newline < 0 ? limit : newline) - position;
                position = newline < 0 ? limit : newline + 1;
                if (newline >= 0) {
                    break;
                }
                continue;
            }
            if (length + buffer.length > line.length) {
                line =
                        Arrays.copyOf(
                                line,
                                (int)
                                        Math.min(
                                                (long) max + buffer.length + 1,
                                                Math.max(
                                                        line.length * 2L,
                                                        (long) length + buffer.length)));
            }
            int n = in.read(line, length, Math.min(buffer.length, line.length - length));
            if (n <= 0) {
                break;
            }
            int newline = Swar.indexOfNewline(line, scanFrom, scanFrom + n);
            if (newline >= 0) {
                int rest = scanFrom + n - newline - 1;
                System.arraycopy(line, newline + 1, buffer, 0, rest);
                position = 0;
                limit = rest;
                length = newline;
                total = length;
                if (total > max) {
                    tooLong = true;
                }
                break;
            }
            length += n;
            total = length;
            if (total > max) {
                tooLong = true;
            }
        }
        if (tooLong) {
            throw new FramingException(
                    "message of " + total + " bytes exceeds the limit of " + max + " bytes", true);
        }
        largestLine = Math.max(largestLine, length);
        return stripCr(line, length);
    }

    /** Exactly {@code n} bytes; an end of stream before them is an unrecoverable error. */
    byte[] readExactly(int n) throws IOException {
        byte[] out = new byte[n];
        int copied = 0;
        while (copied < n) {
            if (!fill()) {
                throw new FramingException(
                        "stream ended after " + copied + " of " + n + " announced bytes", false);
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

    private static byte[] stripCr(byte[] line, int length) {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        if (end > line.length) {
            end = line.length;
        }
        return end == line.length ? line : Arrays.copyOf(line, end);
    }
}
