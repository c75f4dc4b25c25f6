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

    private OutputTail(
            InputStream in, int capacity, OutputStream sink, long forwardLimit, String name) {
        this.ring = new byte[capacity];
        this.thread = new Thread(() -> pump(in, sink, forwardLimit), name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public static OutputTail drain(
            InputStream in, int capacity, OutputStream sink, long forwardLimit, String name) {
        return new OutputTail(in, capacity, sink, forwardLimit, name);
    }

    private void pump(InputStream in, OutputStream sink, long forwardLimit) {
        byte[] buffer = new byte[8192];
        long forwarded = 0;
        boolean noticed = false;
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                append(buffer, n);
                if (sink != null) {
                    if (forwarded < forwardLimit) {
                        int part = (int) Math.min(n, forwardLimit - forwarded);
                        sink.write(buffer, 0, part);
                        sink.flush();
                        forwarded += part;
                    } else if (!noticed) {
                        sink.write(
                                "\n[harnessgym: further server stderr dropped]\n"
                                        .getBytes(StandardCharsets.UTF_8));
                        sink.flush();
                        noticed = true;
                    }
                }
            }
        } catch (IOException e) {
            // The process is gone or the stream was closed: what was read is kept.
        }
    }

    private synchronized void append(byte[] data, int length) {
        for (int i = 0; i < length; i++) {
            ring[(int) ((total + i) % ring.length)] = data[i];
        }
        total += length;
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
