package io.harnessgym.mcp.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.mcp.ServerLink;
import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.framing.FramingException;
import io.harnessgym.mcp.framing.MessageReader;
import io.harnessgym.mcp.framing.MessageWriter;
import io.harnessgym.mcp.jsonrpc.JsonRpc;
import io.harnessgym.mcp.jsonrpc.Peek;
import io.harnessgym.mcp.telemetry.CallSink;
import io.harnessgym.mcp.telemetry.CallStatus;
import io.harnessgym.mcp.telemetry.Scope;
import io.harnessgym.process.OutputTail;
import io.harnessgym.process.ProcessGroup;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The telemetry proxy: a JSON-RPC router between an agent CLI (client side, newline-delimited JSON,
 * or whatever framing the client's first bytes show) and one MCP server (given framing, or
 * detected). Requests are correlated by id; notifications and server-to-client requests pass both
 * ways; {@code notifications/cancelled} and timeouts finish the pending call; a server that dies
 * answers every pending call with an error. Every {@code tools/call} becomes one line in the call
 * log.
 */
public final class McpProxy {
    private static final String BATCHES_ALLOWED = "2025-03-26";

    /** Proxy settings. */
    public record Options(
            String serverName,
            Framing serverFraming,
            Duration responseTimeout,
            Duration startupTimeout,
            int maxMessageBytes,
            Scope scope,
            Duration shutdownGrace,
            String sandbox) {}

    private final Options options;
    private final PrintStream diagnostics;
    private final CallRecorder recorder;
    private final MessageReader clientReader;
    private final MessageWriter clientWriter;
    private final PendingCalls pending = new PendingCalls();

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    runnable -> {
                        Thread thread = new Thread(runnable, "harnessgym-proxy-timeouts");
                        thread.setDaemon(true);
                        return thread;
                    });
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean clientGone;

    /**
     * The protocol revision the server answered {@code initialize} with; decides whether batches
     * are allowed.
     */
    private volatile String protocolVersion;

    private volatile ServerLink server;
    private ServerDiagnostics serverDiagnostics;

    public McpProxy(
            Options options,
            InputStream clientIn,
            OutputStream clientOut,
            PrintStream diagnostics,
            CallSink log) {
        this.options = options;
        this.diagnostics = diagnostics;
        this.recorder =
                new CallRecorder(
                        log,
                        options.serverName(),
                        options.scope(),
                        () -> server == null ? null : server.framing(),
                        options.sandbox());
        this.clientReader = new MessageReader(clientIn, null, options.maxMessageBytes());
        this.clientWriter = new MessageWriter(clientOut, Framing.NDJSON);
    }

    /**
     * Routes until the client closes its side or the server exits; returns the server's exit status
     * when it exited on its own, 0 when the client ended the session.
     */
    public int run(ProcessGroup process) throws InterruptedException {
        Process child = process.process();
        serverDiagnostics =
                new ServerDiagnostics(
                        child,
                        OutputTail.drain(
                                child.getErrorStream(),
                                64 * 1024,
                                diagnostics,
                                1024 * 1024,
                                "harnessgym-proxy-stderr"));
        server =
                new ServerLink(
                        child.getInputStream(),
                        child.getOutputStream(),
                        options.serverFraming(),
                        options.maxMessageBytes());
        Thread fromClient = daemon(this::pumpClientToServer, "harnessgym-proxy-client");
        Thread fromServer = daemon(this::pumpServerToClient, "harnessgym-proxy-server");
        // Killed by a signal (the agent CLI ending its session): calls still waiting are logged.
        Thread onSignal =
                new Thread(
                        () -> {
                            finishPending(
                                    CallStatus.CANCELLED,
                                    "the proxy was stopped before the server answered");
                        },
                        "harnessgym-proxy-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        fromClient.start();
        fromServer.start();
        stopped.await();
        int status = shutDown(process, fromServer);
        timer.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(onSignal);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs.
        }
        return status;
    }

    /**
     * Ends the session once either side is gone, and finishes every call still waiting: each is
     * logged, none is missing. Returns the server's exit status, or 0 when the client ended it.
     */
    private int shutDown(ProcessGroup process, Thread fromServer) throws InterruptedException {
        Process child = process.process();
        int status;
        if (clientGone) {
            // Orderly shutdown: close the server's stdin, give it time to exit, then end its group.
            server.closeOutput();
            boolean exited = process.waitFor(options.shutdownGrace());
            // Answers the server wrote before it exited are still in the pipe: route them first.
            fromServer.join(options.shutdownGrace().toMillis());
            process.terminate(Duration.ofSeconds(2));
            status = exited ? child.exitValue() : 0;
        } else {
            process.terminate(Duration.ofSeconds(2));
            status = child.exitValue();
        }
        fromServer.join(Duration.ofSeconds(2).toMillis());
        // Whatever is still waiting now will never be answered: every call is logged, none missing.
        if (status != 0 && !process.process().isAlive()) {
            finishPending(
                    CallStatus.ERROR,
                    "MCP server "
                            + options.serverName()
                            + " exited with status "
                            + status
                            + " before answering");
        }
        finishPending(
                CallStatus.CANCELLED, "the client ended the session before the server answered");
        return status;
    }

    /** Finishes every call still pending with {@code status}, logging each tool call. */
    private void finishPending(CallStatus status, String message) {
        for (PendingCall call : pending.finishAll()) {
            recorder.record(call, status, null, message);
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    // ---- client -> server -------------------------------------------------------------------

    private void pumpClientToServer() {
        try {
            while (true) {
                byte[] bytes;
                try {
                    bytes = clientReader.read();
                } catch (FramingException e) {
                    diagnostics.println(
                            "harnessgym mcp proxy: unreadable client message: " + e.getMessage());
                    if (e.recoverable()) {
                        continue;
                    }
                    break;
                }
                if (bytes == null) {
                    break;
                }
                if (clientWriter.framing() != clientReader.framing()
                        && clientReader.framing() != null) {
                    clientWriter.setFraming(clientReader.framing());
                }
                routeFromClient(bytes);
            }
        } catch (IOException e) {
            diagnostics.println("harnessgym mcp proxy: client stream failed: " + e.getMessage());
        } finally {
            clientGone = true;
            stopped.countDown();
        }
    }

    private void routeFromClient(byte[] bytes) throws IOException {
        Peek peek;
        try {
            peek = JsonRpc.peek(bytes);
        } catch (JsonRpc.MalformedMessage e) {
            JsonNode id = JsonRpc.salvageId(bytes);
            diagnostics.println(
                    "harnessgym mcp proxy: malformed client message: " + e.getMessage());
            if (id != null) {
                toClient(
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
                toServer(bytes);
            }
            case RESPONSE -> toServer(bytes);
            case BATCH -> {
                if (BATCHES_ALLOWED.equals(protocolVersion)) {
                    forwardBatch(bytes);
                } else {
                    rejectBatch(bytes);
                }
            }
            case INVALID -> {
                diagnostics.println(
                        "harnessgym mcp proxy: client sent a message that is not JSON-RPC 2.0");
                if (peek.id() != null) {
                    toClient(
                            JsonRpc.errorResponse(
                                    peek.id(), JsonRpc.INVALID_REQUEST, "Invalid Request", null));
                }
            }
        }
    }

    private void forwardRequest(Peek peek, byte[] bytes, Batch batch) throws IOException {
        PendingCall call = new PendingCall(peek, batch);
        String key = peek.idKey();
        pending.add(key, call);
        Duration limit =
                "initialize".equals(peek.method())
                        ? options.startupTimeout()
                        : options.responseTimeout();
        call.timeout =
                timer.schedule(
                        () -> timeOut(key, call, limit), limit.toMillis(), TimeUnit.MILLISECONDS);
        toServer(bytes);
    }

    /** Outside 2025-03-26 every request of a batch gets Invalid Request, in one array. */
    private void rejectBatch(byte[] bytes) throws IOException {
        ArrayNode answers = Batch.rejection(bytes, protocolVersion);
        diagnostics.println("harnessgym mcp proxy: rejected a JSON-RPC batch");
        if (!answers.isEmpty()) {
            toClient(answers);
        }
    }

    /**
     * Under 2025-03-26: each element goes to the server alone; the answers come back as one array.
     */
    private void forwardBatch(byte[] bytes) throws IOException {
        Batch.Split split = Batch.split(bytes);
        if (split.requests().isEmpty()) {
            if (!split.invalid().isEmpty()) {
                toClient(split.invalid());
            }
        } else {
            Batch batch = new Batch(split.invalid(), split.requests().size());
            for (Batch.Element request : split.requests()) {
                forwardRequest(request.peek(), request.bytes(), batch);
            }
        }
        for (byte[] notification : split.notifications()) {
            toServer(notification);
        }
    }

    private void cancel(JsonNode requestId) {
        String key = JsonRpc.key(requestId);
        PendingCall call = pending.take(key);
        if (call != null && call.finish()) {
            pending.abandon(key);
            recorder.record(call, CallStatus.CANCELLED, null, "cancelled by the client");
        }
    }

    private void timeOut(String key, PendingCall call, Duration limit) {
        if (!pending.take(key, call) || !call.finish()) {
            return;
        }
        pending.abandon(key);
        String message =
                "MCP server "
                        + options.serverName()
                        + " did not answer "
                        + call.method
                        + " within "
                        + limit.toSeconds()
                        + " s";
        recorder.record(call, CallStatus.TIMEOUT, null, message);
        try {
            answer(
                    call,
                    JsonRpc.errorResponse(
                            call.id,
                            JsonRpc.REQUEST_TIMEOUT,
                            message,
                            serverDiagnostics.stderrData()));
            ObjectNode params = Json.object();
            params.set("requestId", call.id);
            params.put("reason", "timed out in harnessgym proxy");
            server.send(JsonRpc.notification("notifications/cancelled", params));
        } catch (IOException e) {
            diagnostics.println("harnessgym mcp proxy: " + e.getMessage());
        }
    }

    // ---- server -> client -------------------------------------------------------------------

    private void pumpServerToClient() {
        try {
            while (true) {
                ServerLink.Received received;
                try {
                    received = server.receive();
                } catch (FramingException e) {
                    diagnostics.println(
                            "harnessgym mcp proxy: server stream unreadable: " + e.getMessage());
                    break;
                }
                if (received == null) {
                    break;
                }
                if (received.problem() != null) {
                    diagnostics.println(
                            "harnessgym mcp proxy: server sent an unusable message: "
                                    + received.problem());
                    failUnusableAnswer(received);
                    continue;
                }
                routeFromServer(received.peek(), received.bytes());
            }
        } catch (IOException e) {
            diagnostics.println("harnessgym mcp proxy: server stream failed: " + e.getMessage());
        } finally {
            if (!clientGone) {
                failPending();
            }
            stopped.countDown();
        }
    }

    private void routeFromServer(Peek peek, byte[] bytes) throws IOException {
        if (peek.kind() == Peek.Kind.RESPONSE) {
            String key = peek.idKey();
            PendingCall call = pending.take(key);
            if (call == null) {
                if (pending.isLateAnswer(key)) {
                    return;
                }
                diagnostics.println(
                        "harnessgym mcp proxy: dropped a server response to unknown id "
                                + peek.id());
                return;
            }
            if (!call.finish()) {
                return;
            }
            if ("initialize".equals(call.method) && peek.protocolVersion() != null) {
                protocolVersion = peek.protocolVersion();
            }
            if (call.request.isToolCall()) {
                CallStatus status =
                        peek.errorCode() != null || peek.errorMessage() != null
                                ? CallStatus.ERROR
                                : Boolean.TRUE.equals(peek.isError())
                                        ? CallStatus.TOOL_ERROR
                                        : CallStatus.COMPLETED;
                recorder.record(call, status, peek, peek.errorMessage());
            }
            if (call.batch == null) {
                toClient(bytes);
            } else {
                answer(call, Json.MAPPER.readTree(bytes));
            }
        } else if (peek.kind() == Peek.Kind.REQUEST || peek.kind() == Peek.Kind.NOTIFICATION) {
            toClient(bytes);
        } else {
            diagnostics.println(
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
        PendingCall call = pending.take(key);
        if (call == null || !call.finish()) {
            return;
        }
        String message =
                "MCP server "
                        + options.serverName()
                        + " sent an unusable answer to "
                        + call.method
                        + ": "
                        + received.problem();
        recorder.record(call, CallStatus.ERROR, null, message);
        answer(call, JsonRpc.errorResponse(call.id, JsonRpc.INTERNAL_ERROR, message, null));
    }

    /** The server is gone: every call still waiting gets an error, so that no client hangs. */
    private void failPending() {
        serverDiagnostics.awaitStderr(500);
        for (PendingCall call : pending.finishAll()) {
            String message =
                    "MCP server "
                            + options.serverName()
                            + " exited before answering "
                            + call.method
                            + serverDiagnostics.exitStatusText()
                            + serverDiagnostics.stderrHint();
            recorder.record(call, CallStatus.ERROR, null, message);
            try {
                answer(
                        call,
                        JsonRpc.errorResponse(
                                call.id,
                                JsonRpc.SERVER_GONE,
                                message,
                                serverDiagnostics.stderrData()));
            } catch (IOException e) {
                return;
            }
        }
    }

    // ---- shared -----------------------------------------------------------------------------

    private void toServer(byte[] bytes) {
        try {
            server.send(bytes);
        } catch (IOException e) {
            // The server closed its stdin (it is exiting); its reader thread reports the rest.
            diagnostics.println(
                    "harnessgym mcp proxy: cannot write to the server: " + e.getMessage());
        }
    }

    private void toClient(byte[] bytes) throws IOException {
        clientWriter.write(bytes);
    }

    private void toClient(JsonNode message) throws IOException {
        clientWriter.write(message);
    }

    /**
     * An answer the proxy holds as a tree: alone, or into its batch (sent when the batch is
     * complete).
     */
    private void answer(PendingCall call, JsonNode response) throws IOException {
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
