package io.harnessgym.mcp.telemetry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes call events on a background thread, so that the file lock and the write never sit on a
 * request's path. {@link #close()} writes what is queued before returning. A failed write is
 * reported once on stderr and the proxy goes on: losing telemetry must not break the agent's tool
 * call.
 */
public final class AsyncCallLog implements AutoCloseable {
    private static final ObjectNode STOP = io.harnessgym.workspace.Json.object();

    private final CallLog log;
    private final PrintStream diagnostics;
    private final LinkedBlockingQueue<ObjectNode> queue = new LinkedBlockingQueue<>();
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
        queue.add(event.toJson());
    }

    private void drain() {
        while (true) {
            ObjectNode next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (next == STOP) {
                return;
            }
            try {
                log.append(next);
            } catch (RuntimeException e) {
                if (!failed) {
                    failed = true;
                    diagnostics.println(
                            "harnessgym mcp proxy: telemetry not written: " + e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        queue.add(STOP);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
