package io.harnessgym.mcp.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.harnessgym.mcp.ServerLink;
import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.framing.MessageWriter;
import io.harnessgym.mcp.jsonrpc.JsonRpc;
import io.harnessgym.mcp.telemetry.CallSink;
import io.harnessgym.mcp.telemetry.CallStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What both directions of one proxied session share ({@link ClientRoutes}, {@link ServerRoutes}):
 * the calls waiting for an answer, the recorder that logs each tool call once, the two ends to
 * write to, and what the server said of itself (its protocol revision, its diagnostics).
 */
final class ProxySession {
    final McpProxy.Options options;
    final PrintStream diagnostics;
    final CallRecorder recorder;
    final MessageWriter clientWriter;
    final PendingCalls pending = new PendingCalls();

    final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    runnable -> {
                        Thread thread = new Thread(runnable, "harnessgym-proxy-timeouts");
                        thread.setDaemon(true);
                        return thread;
                    });

    /**
     * The protocol revision the server answered {@code initialize} with; decides whether batches
     * are allowed.
     */
    volatile String protocolVersion;

    volatile ServerLink server;
    volatile ServerDiagnostics serverDiagnostics;
    volatile boolean clientGone;

    ProxySession(
            McpProxy.Options options,
            PrintStream diagnostics,
            CallSink log,
            MessageWriter clientWriter) {
        this.options = options;
        this.diagnostics = diagnostics;
        this.recorder =
                new CallRecorder(
                        log,
                        options.serverName(),
                        options.scope(),
                        this::serverFraming,
                        options.sandbox());
        this.clientWriter = clientWriter;
    }

    /** The framing the server speaks (as detected, when it was not given), or null before. */
    Framing serverFraming() {
        ServerLink link = server;
        return link == null ? null : link.framing();
    }

    String serverName() {
        return options.serverName();
    }

    /** Finishes every call still pending with {@code status}, logging each tool call. */
    void finishPending(CallStatus status, String message) {
        for (PendingCall call : pending.finishAll()) {
            recorder.record(call, status, null, message);
        }
    }

    void toServer(byte[] bytes) {
        try {
            server.send(bytes);
        } catch (IOException e) {
            // The server closed its stdin (it is exiting); its reader thread reports the rest.
            diagnostics.println(
                    "harnessgym mcp proxy: cannot write to the server: " + e.getMessage());
        }
    }

    void toClient(byte[] bytes) throws IOException {
        clientWriter.write(bytes);
    }

    void toClient(JsonNode message) throws IOException {
        clientWriter.write(message);
    }

    /**
     * Finishes a call the server will not answer usably: logged with {@code status}, and answered
     * with a JSON-RPC error of {@code code} (its {@code data}, the server's stderr, or null).
     */
    void fail(PendingCall call, CallStatus status, int code, String message, JsonNode data)
            throws IOException {
        recorder.record(call, status, null, message);
        answer(call, JsonRpc.errorResponse(call.id, code, message, data));
    }

    /**
     * An answer the proxy holds as a tree: alone, or into its batch (sent when the batch is
     * complete).
     */
    void answer(PendingCall call, JsonNode response) throws IOException {
        if (call.batch == null) {
            toClient(response);
            return;
        }
        ArrayNode complete = call.batch.add(response);
        if (complete != null) {
            toClient(complete);
        }
    }
}
