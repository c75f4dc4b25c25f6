package io.harnessgym.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.framing.MessageReader;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The real proxy ({@code harnessgym mcp proxy}) as a subprocess, driven like an agent CLI drives
 * it: newline-delimited JSON on its stdin, messages read from its stdout on a thread.
 */
public final class ProxyProcess implements AutoCloseable {
    private final Process process;
    private final OutputStream stdin;
    private final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    private final List<JsonNode> notifications = new ArrayList<>();
    private final Thread stderrReader;
    private final Thread stdoutReader;

    private ProxyProcess(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread reader =
                new Thread(
                        () -> {
                            MessageReader messages =
                                    new MessageReader(
                                            process.getInputStream(), Framing.NDJSON, 1 << 28);
                            try {
                                for (byte[] m; (m = messages.read()) != null; ) {
                                    received.add(Json.MAPPER.readTree(m));
                                }
                            } catch (IOException e) {
                                received.add(Json.object().put("reader_error", e.getMessage()));
                            }
                        });
        reader.setDaemon(true);
        reader.start();
        stdoutReader = reader;
        stderrReader =
                new Thread(
                        () -> {
                            try {
                                byte[] all = process.getErrorStream().readAllBytes();
                                synchronized (stderr) {
                                    stderr.append(new String(all, StandardCharsets.UTF_8));
                                }
                            } catch (IOException ignored) {
                                // process gone
                            }
                        });
        stderrReader.setDaemon(true);
        stderrReader.start();
    }

    public static ProxyProcess start(Path workspace, Map<String, String> env, String... proxyArgs)
            throws IOException {
        List<String> command = McpTestServers.harnessgymCommand();
        command.addAll(List.of("mcp", "proxy", "--workspace", workspace.toString()));
        command.addAll(List.of(proxyArgs));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile());
        builder.environment().putAll(env);
        return new ProxyProcess(builder.start());
    }

    /** Any command that speaks the proxy's side (the launcher, say), in {@code dir}. */
    public static ProxyProcess launch(List<String> command, Path dir, Map<String, String> env)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        return new ProxyProcess(builder.start());
    }

    public void send(String json) throws IOException {
        stdin.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    public void initialize() throws Exception {
        send(
                "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
        assertThat(responseTo(0).at("/result/serverInfo/name").asText()).isEqualTo("test-server");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    public void callTool(Object id, String tool, String arguments) throws IOException {
        send(
                "{\"jsonrpc\":\"2.0\",\"id\":"
                        + Json.compact(Json.MAPPER.valueToTree(id))
                        + ",\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\""
                        + tool
                        + "\",\"arguments\":"
                        + arguments
                        + "}}");
    }

    /** The next message of any kind. */
    public JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message)
                .as("a message within %s; proxy stderr: %s", timeout, stderr())
                .isNotNull();
        return message;
    }

    /** The response with this id; notifications and other messages seen before it are kept. */
    public JsonNode responseTo(Object id) throws InterruptedException {
        JsonNode wanted = Json.MAPPER.valueToTree(id);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (message.has("method")) {
                notifications.add(message);
            } else if (wanted.equals(message.get("id"))) {
                return message;
            } else {
                notifications.add(message);
            }
        }
        throw new AssertionError("no response to " + id);
    }

    public List<JsonNode> seenBefore() {
        return notifications;
    }

    public boolean nothingWithin(Duration duration) throws InterruptedException {
        return received.poll(duration.toMillis(), TimeUnit.MILLISECONDS) == null;
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** Every message seen so far and to the end of the proxy's stdout (call after it exited). */
    public List<JsonNode> received() throws InterruptedException {
        stdoutReader.join(5000);
        List<JsonNode> all = new ArrayList<>(notifications);
        received.drainTo(all);
        return all;
    }

    public Process process() {
        return process;
    }

    /**
     * Closes stdin (the client went away) and returns the proxy's exit status; its stderr is
     * complete after.
     */
    public int finish() throws Exception {
        stdin.close();
        assertThat(process.waitFor(20, TimeUnit.SECONDS))
                .as("proxy exits; stderr: %s", stderr())
                .isTrue();
        stderrReader.join(5000);
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
