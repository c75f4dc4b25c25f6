package io.harnessgym.mcp.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.mcp.ServerLink;
import io.harnessgym.mcp.framing.FramingException;
import io.harnessgym.mcp.jsonrpc.JsonRpc;
import io.harnessgym.mcp.jsonrpc.Peek;
import io.harnessgym.mcp.telemetry.CallStatus;
import io.harnessgym.workspace.Json;
import java.io.IOException;

/**
 * The server's side of a proxied session: each answer finishes its pending call (a tool call is
 * logged with what the answer says of itself) and goes to the client; the server's requests and
 * notifications pass through; an unusable answer fails its call at once; a server that is gone
 * fails every call still waiting, so that no client hangs.
 */
final class ServerRoutes {
    private final ProxySession session;
    private final Runnable ended;

    ServerRoutes(ProxySession session, Runnable ended) {
        this.session = session;
        this.ended = ended;
    }

    /** Reads the server until its end of output; then the session ends. */
    void pump() {
        try {
            while (true) {
                ServerLink.Received received;
                try {
                    received = session.server.receive();
                } catch (FramingException e) {
                    session.diagnostics.println(
                            "harnessgym mcp proxy: server stream unreadable: " + e.getMessage());
                    break;
                }
                if (received == null) {
                    break;
                }
                if (received.problem() != null) {
                    session.diagnostics.println(
                            "harnessgym mcp proxy: server sent an unusable message: "
                                    + received.problem());
                    failUnusableAnswer(received);
                    continue;
                }
                routeFromServer(received.peek(), received.bytes());
            }
        } catch (IOException e) {
            session.diagnostics.println(
                    "harnessgym mcp proxy: server stream failed: " + e.getMessage());
        } finally {
            if (!session.clientGone) {
                failPending();
            }
            ended.run();
        }
    }

    private void routeFromServer(Peek peek, byte[] bytes) throws IOException {
        if (peek.kind() == Peek.Kind.RESPONSE) {
            String key = peek.idKey();
            PendingCall call = session.pending.take(key);
            if (call == null) {
                if (session.pending.isLateAnswer(key)) {
                    return;
                }
                session.diagnostics.println(
                        "harnessgym mcp proxy: dropped a server response to unknown id "
                                + peek.id());
                return;
            }
            if (!call.finish()) {
                return;
            }
            if ("initialize".equals(call.method) && peek.protocolVersion() != null) {
                session.protocolVersion = peek.protocolVersion();
            }
            if (call.request.isToolCall()) {
                CallStatus status =
                        peek.errorCode() != null || peek.errorMessage() != null
                                ? CallStatus.ERROR
                                : Boolean.TRUE.equals(peek.isError())
                                        ? CallStatus.TOOL_ERROR
                                        : CallStatus.COMPLETED;
                session.recorder.record(call, status, peek, peek.errorMessage());
            }
            if (call.batch == null) {
                session.toClient(bytes);
            } else {
                session.answer(call, Json.MAPPER.readTree(bytes));
            }
        } else if (peek.kind() == Peek.Kind.REQUEST || peek.kind() == Peek.Kind.NOTIFICATION) {
            session.toClient(bytes);
        } else {
            session.diagnostics.println(
                    "harnessgym mcp proxy: dropped a server message that is not JSON-RPC 2.0");
        }
    }

    /**
     * An answer the proxy cannot pass on (invalid UTF-8, not JSON): when its id names a pending
     * request, that request fails now, logged as {@code error}, instead of waiting for its timeout.
     */
    private void failUnusableAnswer(ServerLink.Received received) throws IOException {
        JsonNode id = received.salvagedId();
        String key = id == null ? null : JsonRpc.key(id);
        PendingCall call = session.pending.take(key);
        if (call == null || !call.finish()) {
            return;
        }
        String message =
                "MCP server "
                        + session.serverName()
                        + " sent an unusable answer to "
                        + call.method
                        + ": "
                        + received.problem();
        session.fail(call, CallStatus.ERROR, JsonRpc.INTERNAL_ERROR, message, null);
    }

    /** The server is gone: every call still waiting gets an error, so that no client hangs. */
    private void failPending() {
        session.serverDiagnostics.awaitStderr(500);
        for (PendingCall call : session.pending.finishAll()) {
            String message =
                    "MCP server "
                            + session.serverName()
                            + " exited before answering "
                            + call.method
                            + session.serverDiagnostics.exitStatusText()
                            + session.serverDiagnostics.stderrHint();
            try {
                session.fail(
                        call,
                        CallStatus.ERROR,
                        JsonRpc.SERVER_GONE,
                        message,
                        session.serverDiagnostics.stderrData());
            } catch (IOException e) {
                return;
            }
        }
    }
}
