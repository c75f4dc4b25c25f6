package io.harnessgym.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.mcp.client.McpClient;
import io.harnessgym.mcp.client.McpException;
import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.registry.McpManifestParser;
import io.harnessgym.testing.Eventually;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class McpClientTest {
    static final Duration T = Duration.ofSeconds(10);

    @TempDir Path ws;

    McpClient client(String framing, String manifestFraming, String... extra) {
        List<String> args =
                new java.util.ArrayList<>(List.of("--log", ws.resolve("server.log").toString()));
        args.addAll(List.of(extra));
        Path manifest =
                McpTestServers.install(
                        ws, "t", framing, manifestFraming, args.toArray(String[]::new));
        Workspace workspace = Workspace.open(ws);
        var parsed = McpManifestParser.parse(workspace, manifest);
        return McpClient.start(
                ServerLaunch.fromManifest(workspace, parsed.manifest(), System.getenv()));
    }

    List<JsonNode> serverLog() {
        return io.harnessgym.testing.Files2.jsonLines(ws.resolve("server.log"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ndjson", "content-length"})
    void handshakeDetectsFramingAndSendsSpecCompliantInitialize(String framing) throws Exception {
        try (McpClient client = client(framing, null)) {
            McpClient.Initialized init = client.initialize(T);
            assertThat(init.framing()).isEqualTo(Framing.parse(framing));
            assertThat(init.protocolVersion()).isEqualTo(McpClient.OFFERED_VERSION);
            assertThat(init.serverInfo().path("name").asText()).isEqualTo("test-server");
            client.ping(T);
        }
        JsonNode initialize =
                serverLog().stream()
                        .filter(m -> "initialize".equals(m.path("method").asText()))
                        .findFirst()
                        .orElseThrow();
        assertThat(initialize.at("/params/protocolVersion").asText()).isEqualTo("2025-11-25");
        assertThat(initialize.at("/params/capabilities").isObject()).isTrue();
        assertThat(initialize.at("/params/clientInfo/name").asText()).isEqualTo("harnessgym");
        assertThat(serverLog())
                .anyMatch(m -> "notifications/initialized".equals(m.path("method").asText()));
    }

    @Test
    void anOlderVersionTheServerAnswersIsAcceptedAnUnknownOneIsNot() throws Exception {
        try (McpClient client = client("ndjson", "ndjson", "--protocol", "2024-11-05")) {
            assertThat(client.initialize(T).protocolVersion()).isEqualTo("2024-11-05");
        }
        try (McpClient client = client("ndjson", "ndjson", "--protocol", "1999-01-01")) {
            assertThatThrownBy(() -> client.initialize(T))
                    .isInstanceOf(McpException.class)
                    .hasMessageContaining(
                            "protocol version 1999-01-01, which harnessgym does not support");
        }
    }

    @Test
    void toolsListFollowsCursors() throws Exception {
        try (McpClient client = client("content-length", null, "--page-size", "3")) {
            client.initialize(T);
            List<JsonNode> tools = client.listTools(T);
            assertThat(tools)
                    .extracting(tool -> tool.path("name").asText())
                    .containsExactly(
                            "echo",
                            "slow",
                            "fail",
                            "tool_error",
                            "notify",
                            "crash",
                            "flood",
                            "huge",
                            "pretty",
                            "env",
                            "badutf8");
        }
        assertThat(serverLog().stream().filter(m -> "tools/list".equals(m.path("method").asText())))
                .hasSize(4);
    }

    @Test
    void callsErrorsAndToolErrors() throws Exception {
        try (McpClient client = client("ndjson", null)) {
            client.initialize(T);
            JsonNode result = client.callTool("echo", Json.object().put("text", "a"), T);
            assertThat(result.at("/content/0/text").asText()).isEqualTo("echo: a");
            assertThat(client.callTool("tool_error", null, T).path("isError").asBoolean()).isTrue();
            assertThatThrownBy(() -> client.callTool("fail", null, T))
                    .hasMessage("tools/call failed: -32050 tool failed on purpose");
        }
    }

    @Test
    void aLineServerSlowerThanTheFramingProbeStillGetsEveryMessageOnce() throws Exception {
        // Deaf for 3 s after our first message: longer than the 2 s probe, so the client also sends
        // a framed copy.
        try (McpClient client = client("ndjson", null, "--deaf-after-input", "3")) {
            McpClient.Initialized init = client.initialize(T);
            assertThat(init.framing()).isEqualTo(Framing.NDJSON);
            assertThat(client.listTools(T)).hasSize(11);
            assertThat(
                            client.callTool("echo", Json.object().put("text", "after probe"), T)
                                    .at("/content/0/text")
                                    .asText())
                    .isEqualTo("echo: after probe");
        }
        List<String> methods =
                serverLog().stream()
                        .map(m -> m.path("method").asText())
                        .filter(m -> !m.isEmpty())
                        .toList();
        assertThat(methods)
                .containsExactly(
                        "initialize", "notifications/initialized", "tools/list", "tools/call");
    }

    @Test
    void aTimeoutCancelsTheRequestOnTheServer() throws Exception {
        try (McpClient client = client("ndjson", null)) {
            client.initialize(T);
            assertThatThrownBy(
                            () ->
                                    client.callTool(
                                            "slow",
                                            Json.object().put("ms", 3000),
                                            Duration.ofMillis(300)))
                    .hasMessageStartingWith("no answer to tools/call within 300 ms");
            client.ping(T);
            Eventually.holds(
                    () -> {
                        assertThat(serverLog())
                                .anyMatch(
                                        m ->
                                                "notifications/cancelled"
                                                        .equals(m.path("method").asText()));
                        assertThat(serverLog()).anyMatch(m -> m.has("cancelled_seen"));
                    });
        }
    }

    @Test
    void notificationsReachTheListenerAndServerPingsAreAnswered() throws Exception {
        List<JsonNode> seen = new CopyOnWriteArrayList<>();
        try (McpClient client = client("content-length", null)) {
            client.onNotification(seen::add);
            client.initialize(T);
            client.callTool("notify", Json.object().put("count", 2), T);
            Eventually.holds(
                    () -> {
                        assertThat(seen)
                                .extracting(m -> m.path("method").asText())
                                .contains("notifications/message");
                        assertThat(serverLog())
                                .anyMatch(
                                        m ->
                                                "srv-ping-1".equals(m.path("id").asText())
                                                        && m.has("result"));
                    });
        }
    }

    @Test
    void aServerThatDiesFailsPendingAndLaterCallsWithItsStderr() throws Exception {
        try (McpClient client = client("ndjson", null)) {
            client.initialize(T);
            assertThatThrownBy(() -> client.callTool("crash", null, T))
                    .isInstanceOf(McpException.class)
                    .hasMessageContaining("MCP server ended")
                    .hasMessageContaining("exit status 3")
                    .hasMessageContaining("about to crash");
            assertThatThrownBy(() -> client.ping(T)).hasMessageContaining("MCP server ended");
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndIsEnded() throws Exception {
        Path script = ws.resolve("silent.sh");
        Path pids = ws.resolve("pids");
        // The server and a background child of it record their pids, so the test can see both end.
        Files.writeString(
                script,
                "#!/bin/sh\nsleep 60 &\necho $! > pids.tmp\necho $$ >> pids.tmp\nmv pids.tmp pids\nsleep 60\n");
        script.toFile().setExecutable(true);
        ServerLaunch launch =
                new ServerLaunch(
                        "silent",
                        List.of("./silent.sh"),
                        ws,
                        Map.of("PATH", "/usr/bin:/bin"),
                        null);
        McpClient client = McpClient.start(launch);
        assertThatThrownBy(() -> client.initialize(Duration.ofMillis(500)))
                .hasMessageStartingWith("no answer to initialize");
        Eventually.holds(() -> assertThat(pids).exists());
        client.close();
        List<Long> started =
                Files.readAllLines(pids).stream().map(String::trim).map(Long::parseLong).toList();
        assertThat(started).hasSize(2);
        Eventually.holds(
                () ->
                        assertThat(started)
                                .noneMatch(
                                        pid ->
                                                ProcessHandle.of(pid)
                                                        .map(ProcessHandle::isAlive)
                                                        .orElse(false)));
    }

    @Test
    void aMissingCommandIsAClearError() {
        ServerLaunch launch =
                new ServerLaunch(
                        "x", List.of("no-such-binary-abc"), ws, Map.of("PATH", "/usr/bin"), null);
        assertThatThrownBy(() -> McpClient.start(launch))
                .hasMessage("server x: command 'no-such-binary-abc' not found on PATH");
    }
}
