package io.harnessgym.mcp.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.mcp.jsonrpc.Peek;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** A client request the server has not answered yet. Exactly one party may finish it. */
final class PendingCall {
    final JsonNode id;
    final String method;
    final Peek request;
    final Instant createdAt = Instant.now();
    final long startNanos = System.nanoTime();
    volatile ScheduledFuture<?> timeout;

    /** The batch this request came in, or null. */
    final Batch batch;

    private final AtomicBoolean finished = new AtomicBoolean();

    PendingCall(Peek request, Batch batch) {
        this.id = request.id();
        this.method = request.method();
        this.request = request;
        this.batch = batch;
    }

    /**
     * True for the one caller that gets to finish this call (response, cancel, timeout or crash).
     */
    boolean finish() {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> scheduled = timeout;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        return true;
    }

    double elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }
}
