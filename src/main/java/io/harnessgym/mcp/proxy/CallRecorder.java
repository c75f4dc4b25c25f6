package io.harnessgym.mcp.proxy;

import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.jsonrpc.JsonRpc;
import io.harnessgym.mcp.jsonrpc.Peek;
import io.harnessgym.mcp.telemetry.CallEvent;
import io.harnessgym.mcp.telemetry.CallSink;
import io.harnessgym.mcp.telemetry.CallStatus;
import io.harnessgym.mcp.telemetry.Scope;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** Turns a finished {@code tools/call} into one call-log event; other requests are not logged. */
final class CallRecorder {
    private final CallSink log;
    private final String server;
    private final Scope scope;
    private final Supplier<Framing> framing;
    private final String sandbox;

    CallRecorder(
            CallSink log, String server, Scope scope, Supplier<Framing> framing, String sandbox) {
        this.log = log;
        this.server = server;
        this.scope = scope;
        this.framing = framing;
        this.sandbox = sandbox;
    }

    /** {@code response} is the server's answer, or null when the proxy finished the call itself. */
    void record(PendingCall call, CallStatus status, Peek response, String errorMessage) {
        if (!call.request.isToolCall()) {
            return;
        }
        Peek request = call.request;
        Framing current = framing.get();
        log.submit(
                new CallEvent(
                        call.createdAt.toString(),
                        Instant.now().toString(),
                        server,
                        call.id,
                        request.toolName(),
                        request.argumentKeys(),
                        request.argumentBytes(),
                        response == null ? 0 : response.resultBytes(),
                        response == null ? List.of() : response.contentTypes(),
                        response == null ? null : response.isError(),
                        errorCode(status, response),
                        errorMessage,
                        call.elapsedMillis(),
                        status,
                        scope,
                        status == CallStatus.REFUSED
                                ? "none"
                                : current == null ? "unknown" : current.id(),
                        ProcessHandle.current().pid(),
                        status == CallStatus.REFUSED ? "none" : sandbox));
    }

    /** The server's JSON-RPC error code, or the one the proxy answered with itself. */
    private static Integer errorCode(CallStatus status, Peek response) {
        if (response != null) {
            return response.errorCode();
        }
        if (status == CallStatus.ERROR) {
            return JsonRpc.SERVER_GONE;
        }
        if (status == CallStatus.TIMEOUT) {
            return JsonRpc.REQUEST_TIMEOUT;
        }
        if (status == CallStatus.REFUSED) {
            return JsonRpc.SERVER_REFUSED;
        }
        return null;
    }
}
