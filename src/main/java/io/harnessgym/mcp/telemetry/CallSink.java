package io.harnessgym.mcp.telemetry;

/**
 * Where the proxy's call records go: the call log itself ({@link CallLogWriter}), or, when the
 * proxy runs as another user than harnessgym, harnessgym's collector over a unix socket ({@link
 * SocketCallSink}). Each record is handed over before the answer it describes goes to the client.
 */
public interface CallSink extends AutoCloseable {
    void submit(CallEvent event);

    /** Whether any record could not be handed over. */
    boolean failed();

    /** Where the records go, for messages. */
    String target();

    @Override
    void close();
}
