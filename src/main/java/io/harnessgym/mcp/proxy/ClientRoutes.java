package io.harnessgym.mcp.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.mcp.framing.FramingException;
import io.harnessgym.mcp.framing.MessageReader;
import io.harnessgym.mcp.jsonrpc.JsonRpc;
import io.harnessgym.mcp.jsonrpc.Peek;
import io.harnessgym.mcp.telemetry.CallStatus;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The client's side of a proxied session: each message the agent CLI sends, routed. A request
 * becomes a pending call with its time limit ({@code initialize}: the start-up limit); {@code
 * notifications/cancelled} finishes the call it names; a batch is split under 2025-03-26 and
 * refused otherwise; what is not JSON-RPC gets the error the specification names, when it has an
 * id.
 */
final class ClientRoutes {
    private static final String BATCHES_ALLOWED = "2025-03-26";

    private final ProxySession session;
    private final MessageReader clientReader;
    private final Runnable ended;

    ClientRoutes(ProxySession session, MessageReader clientReader, Runnable ended) {
        this.session = session;
        this.clientReader = clientReader;
        this.ended = ended;
    }

    /** Reads the client until its end of input; then the session ends. */
    void pump() {
        try {
            while (true) {
                byte[] bytes;
                try {
                    bytes = clientReader.read();
                } catch (FramingException e) {
                    session.diagnostics.println(
                            "harnessgym mcp proxy: unreadable client message: " + e.getMessage());
                    if (e.recoverable()) {
                        continue;
                    }
                    break;
                }
                if (bytes == null) {
                    break;
                }
                if (session.clientWriter.framing() != clientReader.framing()
                        && clientReader.framing() != null) {
                    session.clientWriter.setFraming(clientReader.framing());
                }
                routeFromClient(bytes);
            }
        } catch (IOException e) {
            session.diagnostics.println(
                    "harnessgym mcp proxy: client stream failed: " + e.getMessage());
        } finally {
            session.clientGone = true;
            ended.run();
        }
    }

    private void routeFromClient(byte[] bytes) throws IOException {
        Peek peek;
        try {
            peek = JsonRpc.peek(bytes);
        } catch (JsonRpc.MalformedMessage e) {
            JsonNode id = JsonRpc.salvageId(bytes);
            session.diagnostics.println(
                    "harnessgym mcp proxy: malformed client message: " + e.getMessage());
            if (id != null) {
                session.toClient(
                        JsonRpc.errorResponse(
                                id, JsonRpc.PARSE_ERROR, "Parse error: " + e.getMessage(), null));
            }
            return;
        }
        switch (peek.kind()) {
            case REQUEST -> forwardRequest(peek, bytes, null);
            case NOTIFICATION -> {
                if ("notifications/cancelled".equals(peek.method())) {
                    cancel(peek.cancelledId());
                }
                session.toServer(bytes);
            }
            case RESPONSE -> session.toServer(bytes);
            case BATCH -> {
                if (BATCHES_ALLOWED.equals(session.protocolVersion)) {
                    forwardBatch(bytes);
                } else {
                    rejectBatch(bytes);
                }
            }
            case INVALID -> {
                session.diagnostics.println(
                        "harnessgym mcp proxy: client sent a message that is not JSON-RPC 2.0");
                if (peek.id() != null) {
                    session.toClient(
                            JsonRpc.errorResponse(
                                    peek.id(), JsonRpc.INVALID_REQUEST, "Invalid Request", null));
                }
            }
        }
    }

    private void forwardRequest(Peek peek, byte[] bytes, Batch batch) throws IOException {
        PendingCall call = new PendingCall(peek, batch);
        String key = peek.idKey();
        session.pending.add(key, call);
        Duration limit =
                "initialize".equals(peek.method())
                        ? session.options.startupTimeout()
                        : session.options.responseTimeout();
        call.timeout =
                session.timer.schedule(
                        () -> timeOut(key, call, limit), limit.toMillis(), TimeUnit.MILLISECONDS);
        session.toServer(bytes);
    }

    /** Outside 2025-03-26 every request of a batch gets Invalid Request, in one array. */
    private void rejectBatch(byte[] bytes) throws IOException {
        ArrayNode answers = Batch.rejection(bytes, session.protocolVersion);
        session.diagnostics.println("harnessgym mcp proxy: rejected a JSON-RPC batch");
        if (!answers.isEmpty()) {
            session.toClient(answers);
        }
    }

    /**
     * Under 2025-03-26: each element goes to the server alone; the answers come back as one array.
     */
    private void forwardBatch(byte[] bytes) throws IOException {
        Batch.Split split = Batch.split(bytes);
        if (split.requests().isEmpty()) {
            if (!split.invalid().isEmpty()) {
                session.toClient(split.invalid());
            }
        } else {
            Batch batch = new Batch(split.invalid(), split.requests().size());
            for (Batch.Element request : split.requests()) {
                forwardRequest(request.peek(), request.bytes(), batch);
            }
        }
        for (byte[] notification : split.notifications()) {
            session.toServer(notification);
        }
    }

    private void cancel(JsonNode requestId) {
        String key = JsonRpc.key(requestId);
        PendingCall call = session.pending.take(key);
        if (call != null && call.finish()) {
            session.pending.abandon(key);
            session.recorder.record(call, CallStatus.CANCELLED, null, "cancelled by the client");
        }
    }

    private void timeOut(String key, PendingCall call, Duration limit) {
        if (!session.pending.take(key, call) || !call.finish()) {
            return;
        }
        session.pending.abandon(key);
        String message =
                "MCP server "
                        + session.serverName()
                        + " did not answer "
                        + call.method
                        + " within "
                        + limit.toSeconds()
                        + " s";
        try {
            session.fail(
                    call,
                    CallStatus.TIMEOUT,
                    JsonRpc.REQUEST_TIMEOUT,
                    message,
                    session.serverDiagnostics.stderrData());
            ObjectNode params = Json.object();
            params.set("requestId", call.id);
            params.put("reason", "timed out in harnessgym proxy");
            session.server.send(JsonRpc.notification("notifications/cancelled", params));
        } catch (IOException e) {
            session.diagnostics.println("harnessgym mcp proxy: " + e.getMessage());
        }
    }
}
