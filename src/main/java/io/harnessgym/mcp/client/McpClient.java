package io.harnessgym.mcp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.mcp.ServerLaunch;
import io.harnessgym.mcp.ServerLink;
import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.framing.FramingException;
import io.harnessgym.mcp.framing.MessageReader;
import io.harnessgym.mcp.jsonrpc.JsonRpc;
import io.harnessgym.mcp.jsonrpc.Peek;
import io.harnessgym.process.OutputTail;
import io.harnessgym.process.ProcessGroup;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An MCP client over stdio for one server process: the legacy-era handshake with version
 * negotiation, {@code tools/list} with pagination, {@code tools/call}, {@code ping}, per-request
 * timeouts that send {@code notifications/cancelled}, answers to the server's own requests, and an
 * orderly shutdown (stdin closed, a grace period, then the process group is ended). The server's
 * stderr is drained continuously into a bounded tail.
 */
public final class McpClient implements AutoCloseable {
    /**
     * The newest legacy-era revision, which we offer; the server may answer with any we support.
     */
    public static final String OFFERED_VERSION = "2025-11-25";

    public static final Set<String> SUPPORTED_VERSIONS =
            Set.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");

    private final ProcessGroup process;
    private final ServerLink link;
    private final OutputTail stderr;
    private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final Thread reader;
    private volatile Consumer<JsonNode> notificationListener = message -> {};
    private volatile String closedReason;
    private String protocolVersion;
    private JsonNode serverInfo;

    private McpClient(ProcessGroup process, Framing framing, int maxMessageBytes) {
        this.process = process;
        Process child = process.process();
        this.stderr =
                OutputTail.drain(
                        child.getErrorStream(), 64 * 1024, null, 0, "harnessgym-mcp-stderr");
        this.link =
                new ServerLink(
                        child.getInputStream(), child.getOutputStream(), framing, maxMessageBytes);
        this.reader = new Thread(this::readLoop, "harnessgym-mcp-client");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Starts the server and connects; call {@link #initialize} next. */
    public static McpClient start(ServerLaunch launch) {
        return new McpClient(launch.start(), launch.framing(), MessageReader.DEFAULT_MAX_BYTES);
    }

    /** The result of the handshake. */
    public record Initialized(
            String protocolVersion, JsonNode serverInfo, JsonNode capabilities, Framing framing) {}

    public Initialized initialize(Duration timeout) throws McpException {
        ObjectNode params = Json.object();
        params.put("protocolVersion", OFFERED_VERSION);
        params.putObject("capabilities");
        ObjectNode clientInfo = params.putObject("clientInfo");
        clientInfo.put("name", "harnessgym");
        clientInfo.put("version", io.harnessgym.BuildInfo.version());
        JsonNode result = request("initialize", params, timeout);
        String version = result.path("protocolVersion").asText(null);
        if (version == null || !SUPPORTED_VERSIONS.contains(version)) {
            close();
            throw new McpException(
                    "server answered protocol version "
                            + version
                            + ", which harnessgym does not support "
                            + "(supported: "
                            + String.join(", ", new java.util.TreeSet<>(SUPPORTED_VERSIONS))
                            + ")");
        }
        protocolVersion = version;
        serverInfo = result.path("serverInfo");
        send(JsonRpc.notification("notifications/initialized", null));
        return new Initialized(version, serverInfo, result.path("capabilities"), link.framing());
    }

    /**
     * Every tool, following {@code nextCursor} until the server gives none (at most 1,000 pages).
     */
    public List<JsonNode> listTools(Duration timeout) throws McpException {
        List<JsonNode> tools = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 1000; page++) {
            ObjectNode params = Json.object();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode result = request("tools/list", params, timeout);
            result.path("tools").forEach(tools::add);
            JsonNode next = result.get("nextCursor");
            if (next == null || next.isNull() || next.asText().isEmpty()) {
                return tools;
            }
            cursor = next.asText();
        }
        throw new McpException("tools/list did not end after 1000 pages");
    }

    /**
     * The {@code tools/call} result (which may carry {@code isError}); a JSON-RPC error is an
     * exception.
     */
    public JsonNode callTool(String name, JsonNode arguments, Duration timeout)
            throws McpException {
        ObjectNode params = Json.object();
        params.put("name", name);
        params.set("arguments", arguments == null ? Json.object() : arguments);
        return request("tools/call", params, timeout);
    }

    public void ping(Duration timeout) throws McpException {
        request("ping", null, timeout);
    }

    public void onNotification(Consumer<JsonNode> listener) {
        this.notificationListener = listener;
    }

    public Framing framing() {
        return link.framing();
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    /** Sends a request and waits for its response; on timeout the server is told to cancel it. */
    public JsonNode request(String method, ObjectNode params, Duration timeout)
            throws McpException {
        JsonNode id = IntNode.valueOf((int) nextId.getAndIncrement());
        String key = JsonRpc.key(id);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        waiting.put(key, answer);
        try {
            if (closedReason != null) {
                throw new McpException(closedReason);
            }
            send(JsonRpc.request(id, method, params));
            JsonNode response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            JsonNode error = response.get("error");
            if (error != null && !error.isNull()) {
                throw new McpException(
                        method
                                + " failed: "
                                + error.path("code").asText()
                                + " "
                                + error.path("message").asText(""));
            }
            JsonNode result = response.get("result");
            if (result == null) {
                throw new McpException(method + ": response has neither result nor error");
            }
            return result;
        } catch (TimeoutException e) {
            if (!method.equals("initialize")) {
                ObjectNode cancel = Json.object();
                cancel.set("requestId", id);
                cancel.put("reason", "timed out after " + timeout.toMillis() + " ms");
                trySend(JsonRpc.notification("notifications/cancelled", cancel));
            }
            throw new McpException(
                    "no answer to "
                            + method
                            + " within "
                            + timeout.toMillis()
                            + " ms"
                            + stderrSuffix());
        } catch (ExecutionException e) {
            throw new McpException(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpException("interrupted while waiting for " + method);
        } finally {
            waiting.remove(key);
        }
    }

    private void send(JsonNode message) throws McpException {
        try {
            link.send(message);
        } catch (IOException e) {
            // Usually the server has exited: say why, as the reader saw it, rather than "stream
            // closed".
            try {
                reader.join(1000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw new McpException(
                    closedReason != null
                            ? closedReason
                            : "cannot write to the server: " + e.getMessage() + stderrSuffix());
        }
    }

    private void trySend(JsonNode message) {
        try {
            link.send(message);
        } catch (IOException ignored) {
            // The server is gone; the reader reports it.
        }
    }

    private void readLoop() {
        String reason = "the server closed its output";
        try {
            while (true) {
                ServerLink.Received received = link.receive();
                if (received == null) {
                    break;
                }
                if (received.peek() != null) {
                    dispatch(received.peek(), received.bytes());
                } else if (received.salvagedId() != null) {
                    CompletableFuture<JsonNode> future =
                            waiting.get(JsonRpc.key(received.salvagedId()));
                    if (future != null) {
                        future.completeExceptionally(
                                new McpException(
                                        "the server sent an unusable answer: "
                                                + received.problem()));
                    }
                }
            }
        } catch (FramingException e) {
            reason = "unreadable server output: " + e.getMessage();
        } catch (IOException e) {
            reason = "server output failed: " + e.getMessage();
        }
        stderr.awaitEnd(300);
        Integer status = exitStatus();
        closedReason =
                "MCP server ended ("
                        + reason
                        + (status == null ? "" : ", exit status " + status)
                        + ")"
                        + stderrSuffix();
        waiting.values()
                .forEach(future -> future.completeExceptionally(new McpException(closedReason)));
    }

    private void dispatch(Peek peek, byte[] bytes) throws IOException {
        switch (peek.kind()) {
            case RESPONSE -> {
                CompletableFuture<JsonNode> future =
                        peek.id() == null ? null : waiting.get(peek.idKey());
                if (future != null) {
                    future.complete(Json.MAPPER.readTree(bytes));
                }
            }
            case REQUEST -> answerServerRequest(peek);
            case NOTIFICATION -> notificationListener.accept(Json.MAPPER.readTree(bytes));
            default -> {}
        }
    }

    /** Servers may ping us or ask for roots; anything else is "method not found". */
    private void answerServerRequest(Peek peek) {
        ObjectNode response = Json.object();
        response.put("jsonrpc", "2.0");
        response.set("id", peek.id());
        switch (peek.method()) {
            case "ping" -> response.putObject("result");
            case "roots/list" ->
                    response.putObject("result").set("roots", Json.MAPPER.createArrayNode());
            default -> {
                trySend(
                        JsonRpc.errorResponse(
                                peek.id(),
                                JsonRpc.METHOD_NOT_FOUND,
                                "Method not found: " + peek.method(),
                                null));
                return;
            }
        }
        trySend(response);
    }

    private Integer exitStatus() {
        try {
            Process child = process.process();
            return child.waitFor(300, TimeUnit.MILLISECONDS) ? child.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** What the server wrote on stderr (its last 64 KiB), complete once it has exited. */
    public String stderrText() {
        stderr.awaitEnd(300);
        return stderr.text();
    }

    private String stderrSuffix() {
        String tail = stderr.text().strip();
        if (tail.isEmpty()) {
            return "";
        }
        return "; server stderr: "
                + (tail.length() > 500 ? "..." + tail.substring(tail.length() - 500) : tail);
    }

    /**
     * Closes stdin, waits up to two seconds for the server to exit, then ends its process group.
     */
    @Override
    public void close() {
        link.closeOutput();
        try {
            process.waitFor(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.terminate(Duration.ofSeconds(2));
    }
}
