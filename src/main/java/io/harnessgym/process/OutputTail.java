package io.harnessgym.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a stream on its own thread so that the writer never blocks on a full pipe, keeping the
 * last {@code capacity} bytes for error messages and copying at most {@code forwardLimit} bytes to
 * an optional sink (then one notice, and the rest is dropped).
 */
public final class OutputTail {
    private final byte[] ring;
    private long total;
    private final Thread thread;

    private final String notice;
    private final boolean closeSink;

    private OutputTail(
            InputStream in,
            int capacity,
            OutputStream sink,
            long forwardLimit,
            String name,
            String notice,
            boolean closeSink) {
        this.ring = new byte[Math.max(1, capacity)];
        this.notice = notice;
        this.closeSink = closeSink;
        this.thread = new Thread(() -> pump(in, sink, forwardLimit), name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public static OutputTail drain(
            InputStream in, int capacity, OutputStream sink, long forwardLimit, String name) {
        return new OutputTail(
                in,
                capacity,
                sink,
                forwardLimit,
                name,
                "\n[harnessgym: further server stderr dropped]\n",
                false);
    }

    /**
     * Drains into a file (closed at the end): at most {@code maxBytes}, then one notice; the rest
     * is counted and dropped, and the tail keeps the last {@code capacity} bytes.
     */
    public static OutputTail drainToFile(
            InputStream in, int capacity, OutputStream file, long maxBytes, String name) {
        return new OutputTail(
                in,
                capacity,
                file,
                maxBytes,
                name,
                "\n[harnessgym: output cut at " + maxBytes + " bytes]\n",
                true);
    }

    /**
     * Reads until the end; a sink that fails is given up, but the stream is still drained, so the
     * writer never blocks on a full pipe.
     */
    private void pump(InputStream in, OutputStream sink, long forwardLimit) {
        byte[] buffer = new byte[8192];
        long forwarded = 0;
        boolean noticed = false;
        OutputStream target = sink;
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                append(buffer, n);
                if (target == null) {
                    continue;
                }
                try {
                    if (forwarded < forwardLimit) {
                        int part = (int) Math.min(n, forwardLimit - forwarded);
                        target.write(buffer, 0, part);
                        target.flush();
                        forwarded += part;
                    } else if (!noticed) {
                        target.write(notice.getBytes(StandardCharsets.UTF_8));
                        target.flush();
                        noticed = true;
                    }
                } catch (IOException e) {
                    target = null;
                }
            }
        } catch (IOException e) {
            // The process is gone or the stream was closed: what was read is kept.
        } finally {
            if (closeSink && sink != null) {
                try {
                    sink.close();
                } catch (IOException ignored) {
                    // Nothing more to save.
                }
            }
        }
    }

    /** How many bytes the stream carried in all. */
    public synchronized long total() {
        return total;
    }

    private synchronized void append(byte[] data, int length) {
        int capacity = ring.length;
        int offset = 0;
        int count = length;
        if (count > capacity) {
            // Only the last bytes can be kept.
            offset = count - capacity;
            total += offset;
            count = capacity;
        }
        int at = (int) (total % capacity);
        int first = Math.min(count, capacity - at);
        System.arraycopy(data, offset, ring, at, first);
        System.arraycopy(data, offset + first, ring, 0, count - first);
        total += count;
    }

    /**
     * Waits (briefly) for the stream to end, so that the tail is complete after the process exited.
     */
    public void awaitEnd(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The last bytes seen, as text (invalid UTF-8 replaced), with a marker when earlier output was
     * cut.
     */
    public synchronized String text() {
        int kept = (int) Math.min(total, ring.length);
        byte[] out = new byte[kept];
        long start = total - kept;
        for (int i = 0; i < kept; i++) {
            out[i] = ring[(int) ((start + i) % ring.length)];
        }
        String text = new String(out, StandardCharsets.UTF_8);
        return start > 0 ? "[..." + start + " bytes cut]" + text : text;
    }
}
