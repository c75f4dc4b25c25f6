package io.harnessgym.mcp.telemetry;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

/**
 * The proxy's writer of the call log: each event is written, under the file lock, before the answer
 * it describes goes on to the client. So no agent ever holds an answer whose call is not in the
 * log, even when the agent CLI kills its servers at once (Codex does, with no stdin EOF). The file
 * stays open for the session; one line is one locked {@code write}, so any number of proxies append
 * at once without mixing lines. A failed write is reported once on stderr and remembered ({@link
 * #failed()}): the agent's call goes on, and the proxy's exit status says the log is incomplete.
 */
public final class CallLogWriter implements AutoCloseable {
    private final CallLog log;
    private final PrintStream diagnostics;
    private FileChannel channel;
    private volatile boolean failed;

    public CallLogWriter(CallLog log, PrintStream diagnostics) {
        this.log = log;
        this.diagnostics = diagnostics;
    }

    /** Writes one event now. */
    public synchronized void submit(CallEvent event) {
        byte[] line = event.toLineBytes();
        try {
            if (channel == null) {
                channel = log.openForAppend();
            }
            try (FileLock lock = channel.lock()) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!failed) {
                failed = true;
                diagnostics.println(
                        "harnessgym mcp proxy: error: a call was not logged to "
                                + log.file()
                                + ": "
                                + e.getMessage());
            }
        }
    }

    /** Whether any event could not be written. */
    public boolean failed() {
        return failed;
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Every line was written with its own write; nothing is buffered here.
            }
            channel = null;
        }
    }
}
