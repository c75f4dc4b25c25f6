package io.harnessgym.mcp.telemetry;

import io.harnessgym.error.HarnessGymException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;

/**
 * The proxy's writer of the call log: each event is written, under the file lock, before the answer
 * it describes goes on to the client. So no agent ever holds an answer whose call is not in the
 * log, even when the agent CLI kills its servers at once (Codex does, with no stdin EOF). The file
 * stays open for the session; one line is one locked {@code write}, so any number of proxies append
 * at once without mixing lines. A failed write is reported once on stderr and remembered ({@link
 * #failed()}): the agent's call goes on, and the proxy's exit status says the log is incomplete.
 */
public final class CallLogWriter implements CallSink {
    private final CallLog log;
    private final PrintStream diagnostics;
    private final FileChannel channel;
    private final Object monitor;
    private volatile boolean failed;

    /**
     * Opens the log (creating the state directory and the file): a log that cannot be written is an
     * error before any call is made, never a silent loss later.
     */
    public CallLogWriter(CallLog log, PrintStream diagnostics) {
        this.log = log;
        this.diagnostics = diagnostics;
        this.monitor = log.monitor();
        try {
            this.channel = log.openForAppend();
        } catch (IOException e) {
            throw HarnessGymException.badInput(
                    "the call log " + log.file() + " cannot be written: " + e.getMessage(), e);
        }
    }

    @Override
    public String target() {
        return log.file().toString();
    }

    /** Writes one event now. */
    @Override
    public void submit(CallEvent event) {
        try {
            byte[] line = event.toLineBytes();
            synchronized (monitor) {
                CallLog.writeLine(channel, line);
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
    @Override
    public boolean failed() {
        return failed;
    }

    @Override
    public void close() {
        try {
            synchronized (monitor) {
                channel.close();
            }
        } catch (IOException e) {
            // Every line was written with its own write; nothing is buffered here.
        }
    }
}
