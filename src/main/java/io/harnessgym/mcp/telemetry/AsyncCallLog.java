package io.harnessgym.mcp.telemetry;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes call events on a background thread, so that the file lock and the write never sit on a
 * request's path. {@link #flush()} waits until everything submitted so far is written; {@link
 * #close()} writes what is queued before returning. A failed write is reported once on stderr and
 * remembered ({@link #failed()}): the agent's tool call goes on, and the proxy's exit status says
 * the log is incomplete.
 */
public final class AsyncCallLog implements AutoCloseable {
    private static final long WAIT_SECONDS = 10;

    /** What the writer thread takes: an event, a flush marker, or the stop marker. */
    private sealed interface Item permits Event, Flush, Stop {}

    private record Event(CallEvent event) implements Item {}

    private record Flush(CountDownLatch done) implements Item {}

    private record Stop() implements Item {}

    private final CallLog log;
    private final PrintStream diagnostics;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean failed;

    public AsyncCallLog(CallLog log, PrintStream diagnostics) {
        this.log = log;
        this.diagnostics = diagnostics;
        this.writer = new Thread(this::drain, "harnessgym-call-log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public void submit(CallEvent event) {
        // Serialised on the writer thread: the request path only queues the record.
        queue.add(new Event(event));
    }

    private void drain() {
        while (true) {
            Item next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (next instanceof Event event) {
                write(event.event());
            } else if (next instanceof Flush flush) {
                flush.done().countDown();
            } else {
                return;
            }
        }
    }

    private void write(CallEvent event) {
        try {
            log.append(event.toJson());
        } catch (RuntimeException e) {
            if (!failed) {
                failed = true;
                diagnostics.println(
                        "harnessgym mcp proxy: error: a call was not logged: " + e.getMessage());
            }
        }
    }

    /** Waits (up to 10 s) until every event submitted before this call is written. */
    public void flush() {
        Flush marker = new Flush(new CountDownLatch(1));
        queue.add(marker);
        try {
            if (!marker.done().await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                failed = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether any event could not be written. */
    public boolean failed() {
        return failed;
    }

    @Override
    public void close() {
        queue.add(new Stop());
        try {
            writer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
