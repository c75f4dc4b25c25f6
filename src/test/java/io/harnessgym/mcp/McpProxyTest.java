package io.harnessgym.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.testing.Eventually;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.testing.ProxyProcess;
import io.harnessgym.testing.TestState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The real proxy process between a scripted client and the Python test server. */
class McpProxyTest {
    static final Map<String, String> SCOPE =
            Map.of(
                    "HARNESSGYM_RUN_ID",
                    "run-7",
                    "HARNESSGYM_ITERATION",
                    "2",
                    "HARNESSGYM_PHASE",
                    "attempt",
                    "HARNESSGYM_TRIAL",
                    "1");

    @TempDir Path ws;

    Path serverLog() {
        return ws.resolve("server.log");
    }

    ProxyProcess proxy(String framing, String manifestFraming, String... extraProxyArgs)
            throws Exception {
        McpTestServers.install(ws, "t", framing, manifestFraming, "--log", serverLog().toString());
        List<String> args =
                new java.util.ArrayList<>(List.of("--manifest", ".harnessgym/mcp/t/mcp.json"));
        args.addAll(List.of(extraProxyArgs));
        return ProxyProcess.start(ws, SCOPE, args.toArray(String[]::new));
    }

    List<JsonNode> callLog() throws Exception {
        Path log = TestState.callLog(ws);
        Eventually.holds(() -> assertThat(log).exists());
        return Files2.jsonLines(log);
    }

    /**
     * Whether a process of this test's server still runs: found by its unique log path on the
     * command line (the PID it reports is its own namespace's when the proxy sandboxes it).
     */
    boolean serverAlive() {
        String log = serverLog().toString();
        return ProcessHandle.allProcesses()
                .anyMatch(
                        p ->
                                p.info()
                                                .arguments()
                                                .map(
                                                        args ->
                                                                java.util.Arrays.asList(args)
                                                                        .contains(log))
                                                .orElse(false)
                                        && p.info()
                                                .command()
                                                .map(c -> !c.endsWith("bwrap"))
                                                .orElse(true));
    }

    List<JsonNode> serverReceived() {
        return Files2.jsonLines(serverLog());
    }

    @ParameterizedTest(name = "server framing {0}, manifest says {1}")
    @CsvSource(
            value = {
                "ndjson,",
                "content-length,",
                "ndjson,ndjson",
                "content-length,content-length"
            })
    void routesCallsAndLogsThemWithScope(String framing, String manifestFraming) throws Exception {
        try (ProxyProcess proxy = proxy(framing, manifestFraming)) {
            proxy.initialize();
            proxy.send("{\"jsonrpc\":\"2.0\",\"id\":\"list\",\"method\":\"tools/list\"}");
            assertThat(proxy.responseTo("list").at("/result/tools")).hasSize(11);
            proxy.callTool(5, "echo", "{\"text\":\"hi\",\"extra\":[1,2]}");
            proxy.callTool("five", "echo", "{\"text\":\"string id\"}");
            assertThat(proxy.responseTo(5).at("/result/content/0/text").asText())
                    .isEqualTo("echo: hi");
            assertThat(proxy.responseTo("five").at("/result/content/0/text").asText())
                    .isEqualTo("echo: string id");
            assertThat(proxy.finish()).isZero();
        }
        List<JsonNode> log = callLog();
        assertThat(log).hasSize(2);
        JsonNode first =
                log.stream().filter(e -> e.get("request_id").isNumber()).findFirst().orElseThrow();
        assertThat(first.get("status").asText()).isEqualTo("completed");
        assertThat(first.get("server").asText()).isEqualTo("t");
        assertThat(first.get("tool_name").asText()).isEqualTo("echo");
        assertThat(first.get("argument_keys"))
                .extracting(JsonNode::asText)
                .containsExactly("extra", "text");
        assertThat(first.get("argument_json_bytes").asInt())
                .isEqualTo("{\"text\":\"hi\",\"extra\":[1,2]}".length());
        assertThat(first.get("result_json_bytes").asInt()).isPositive();
        assertThat(first.get("content_types")).extracting(JsonNode::asText).containsExactly("text");
        assertThat(first.get("is_error").isNull()).isTrue();
        assertThat(first.get("framing").asText()).isEqualTo(framing);
        assertThat(first.get("run_id").asText()).isEqualTo("run-7");
        assertThat(first.get("iteration").asText()).isEqualTo("2");
        assertThat(first.get("phase").asText()).isEqualTo("attempt");
        assertThat(first.get("trial").asText()).isEqualTo("1");
        assertThat(first.get("duration_ms").asDouble()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ndjson", "content-length"})
    void notificationsAndServerRequestsPassThroughWhileAResponseIsPending(String framing)
            throws Exception {
        try (ProxyProcess proxy = proxy(framing, null)) {
            proxy.initialize();
            proxy.send(
                    "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"notify\","
                            + "\"arguments\":{\"count\":3},\"_meta\":{\"progressToken\":\"tok\"}}}");
            JsonNode response = proxy.responseTo(9);
            assertThat(response.at("/result/content/0/text").asText()).isEqualTo("notified");
            List<String> methods =
                    proxy.seenBefore().stream().map(m -> m.path("method").asText()).toList();
            assertThat(methods)
                    .containsExactly(
                            "notifications/progress",
                            "notifications/message",
                            "notifications/progress",
                            "notifications/message",
                            "notifications/progress",
                            "notifications/message",
                            "ping");
            JsonNode ping = proxy.seenBefore().get(6);
            assertThat(ping.get("id").asText()).isEqualTo("srv-ping-1");
            // The client answers the server's ping through the proxy.
            proxy.send("{\"jsonrpc\":\"2.0\",\"id\":\"srv-ping-1\",\"result\":{}}");
            proxy.send("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"ping\"}");
            assertThat(proxy.responseTo(10).get("result")).isEmpty();
            proxy.finish();
        }
        assertThat(serverReceived())
                .anyMatch(m -> "srv-ping-1".equals(m.path("id").asText()) && m.has("result"));
    }

    @Test
    void errorsAndToolErrorsAreLoggedAsSuch() throws Exception {
        try (ProxyProcess proxy = proxy("ndjson", null)) {
            proxy.initialize();
            proxy.callTool(1, "fail", "{}");
            proxy.callTool(2, "tool_error", "{}");
            assertThat(proxy.responseTo(1).at("/error/code").asInt()).isEqualTo(-32050);
            assertThat(proxy.responseTo(2).at("/result/isError").asBoolean()).isTrue();
            proxy.finish();
        }
        List<JsonNode> log = callLog();
        JsonNode fail =
                log.stream()
                        .filter(e -> e.get("tool_name").asText().equals("fail"))
                        .findFirst()
                        .orElseThrow();
        assertThat(fail.get("status").asText()).isEqualTo("error");
        assertThat(fail.get("error_code").asInt()).isEqualTo(-32050);
        assertThat(fail.get("error_message").asText()).isEqualTo("tool failed on purpose");
        JsonNode toolError =
                log.stream()
                        .filter(e -> e.get("tool_name").asText().equals("tool_error"))
                        .findFirst()
                        .orElseThrow();
        assertThat(toolError.get("status").asText()).isEqualTo("tool_error");
        assertThat(toolError.get("is_error").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "{0} JSON parser")
    @ValueSource(strings = {"strict", "lenient"})
    void aLineServerSlowerThanTheFramingProbeShowsTheAgentNothingExtra(String parser)
            throws Exception {
        List<String> serverArgs =
                new java.util.ArrayList<>(
                        List.of("--log", serverLog().toString(), "--deaf-after-input", "3"));
        if (parser.equals("lenient")) {
            serverArgs.add("--lenient");
        }
        McpTestServers.install(ws, "t", "ndjson", null, serverArgs.toArray(String[]::new));
        try (ProxyProcess proxy =
                ProxyProcess.start(ws, SCOPE, "--manifest", ".harnessgym/mcp/t/mcp.json")) {
            proxy.initialize();
            proxy.send("{\"jsonrpc\":\"2.0\",\"id\":\"list\",\"method\":\"tools/list\"}");
            assertThat(proxy.responseTo("list").at("/result/tools")).hasSize(11);
            proxy.callTool(7, "echo", "{\"text\":\"late\"}");
            assertThat(proxy.responseTo(7).at("/result/content/0/text").asText())
                    .isEqualTo("echo: late");
            assertThat(proxy.finish()).isZero();
            assertThat(proxy.seenBefore())
                    .as("stray parse errors or a second initialize answer")
                    .isEmpty();
            assertThat(proxy.nothingWithin(Duration.ofMillis(200))).isTrue();
        }
        List<String> methods =
                serverReceived().stream()
                        .map(m -> m.path("method").asText())
                        .filter(m -> !m.isEmpty())
                        .toList();
        assertThat(methods).contains("notifications/initialized", "tools/list", "tools/call");
        if (parser.equals("strict")) {
            assertThat(methods)
                    .containsExactly(
                            "initialize", "notifications/initialized", "tools/list", "tools/call");
        } else {
            // The lenient parser ran the copy too; its second answer is the one the proxy dropped.
            assertThat(methods).filteredOn("initialize"::equals).hasSize(2);
        }
    }

    @Test
    void cancellationFinishesTheCallAndDropsTheLateAnswer() throws Exception {
        try (ProxyProcess proxy = proxy("ndjson", null)) {
            proxy.initialize();
            proxy.callTool(3, "slow", "{\"ms\":5000}");
            Thread.sleep(200);
            proxy.send(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":3,\"reason\":\"user\"}}");
            proxy.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}");
            assertThat(proxy.responseTo(4).has("result")).isTrue();
            assertThat(proxy.nothingWithin(Duration.ofMillis(1800)))
                    .as("no answer to the cancelled call")
                    .isTrue();
            proxy.finish();
        }
        assertThat(callLog())
                .singleElement()
                .satisfies(e -> assertThat(e.get("status").asText()).isEqualTo("cancelled"));
        assertThat(serverReceived())
                .anyMatch(m -> "notifications/cancelled".equals(m.path("method").asText()));
    }

    @Test
    void aCallWithoutAnswerTimesOutAndTheServerIsToldToCancel() throws Exception {
        try (ProxyProcess proxy = proxy("content-length", null, "--response-timeout", "0.4")) {
            proxy.initialize();
            proxy.callTool("slow-1", "slow", "{\"ms\":3000}");
            JsonNode response = proxy.responseTo("slow-1");
            assertThat(response.at("/error/code").asInt()).isEqualTo(-32001);
            assertThat(response.at("/error/message").asText())
                    .contains("did not answer tools/call within");
            proxy.callTool(6, "echo", "{\"text\":\"still alive\"}");
            assertThat(proxy.responseTo(6).at("/result/content/0/text").asText())
                    .isEqualTo("echo: still alive");
            proxy.finish();
        }
        JsonNode timeout =
                callLog().stream()
                        .filter(e -> e.get("tool_name").asText().equals("slow"))
                        .findFirst()
                        .orElseThrow();
        assertThat(timeout.get("status").asText()).isEqualTo("timeout");
        assertThat(timeout.get("error_code").asInt()).isEqualTo(-32001);
        Eventually.holds(
                () ->
                        assertThat(serverReceived())
                                .anyMatch(
                                        m ->
                                                "notifications/cancelled"
                                                                .equals(m.path("method").asText())
                                                        && "slow-1"
                                                                .equals(
                                                                        m.at("/params/requestId")
                                                                                .asText())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ndjson", "content-length"})
    void aServerCrashMidCallAnswersThePendingCallAndPassesTheExitStatusThrough(String framing)
            throws Exception {
        int status;
        JsonNode response;
        try (ProxyProcess proxy = proxy(framing, null)) {
            proxy.initialize();
            proxy.callTool(7, "crash", "{}");
            response = proxy.responseTo(7);
            assertThat(proxy.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            status = proxy.process().exitValue();
        }
        assertThat(response.at("/error/code").asInt()).isEqualTo(-32000);
        assertThat(response.at("/error/message").asText())
                .contains("exited before answering tools/call");
        assertThat(response.at("/error/data/stderr").asText()).contains("about to crash");
        assertThat(status).isEqualTo(3);
        assertThat(callLog())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.get("status").asText()).isEqualTo("error");
                            assertThat(e.get("error_code").asInt()).isEqualTo(-32000);
                        });
    }

    @Test
    void aServerFloodingStderrKeepsWorking() throws Exception {
        try (ProxyProcess proxy = proxy("content-length", null)) {
            proxy.initialize();
            proxy.callTool(1, "flood", "{\"bytes\":3000000}");
            assertThat(proxy.responseTo(1).at("/result/content/0/text").asText())
                    .isEqualTo("flooded");
            proxy.callTool(2, "echo", "{\"text\":\"after\"}");
            assertThat(proxy.responseTo(2).at("/result/content/0/text").asText())
                    .isEqualTo("echo: after");
            assertThat(proxy.finish()).isZero();
            assertThat(proxy.stderr())
                    .contains("further server stderr dropped")
                    .hasSizeLessThan(1_200_000);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ndjson", "content-length"})
    void aHugeResultArrivesWhole(String framing) throws Exception {
        try (ProxyProcess proxy = proxy(framing, null)) {
            proxy.initialize();
            proxy.callTool(1, "huge", "{\"bytes\":6000000}");
            assertThat(proxy.responseTo(1).at("/result/content/0/text").asText())
                    .hasSize(6_000_000);
            proxy.finish();
        }
        assertThat(callLog().get(0).get("result_json_bytes").asLong()).isGreaterThan(6_000_000);
    }

    @Test
    void malformedAndInvalidClientMessagesGetErrorsAndTheSessionGoesOn() throws Exception {
        try (ProxyProcess proxy = proxy("ndjson", null)) {
            proxy.initialize();
            proxy.send(
                    "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"tools/call\",\"params\":{\"name\":");
            JsonNode parse = proxy.responseTo(41);
            assertThat(parse.at("/error/code").asInt()).isEqualTo(-32700);
            proxy.send("{\"jsonrpc\":\"2.0\",\"id\":42}");
            assertThat(proxy.responseTo(42).at("/error/code").asInt()).isEqualTo(-32600);
            proxy.send(
                    "[{\"jsonrpc\":\"2.0\",\"id\":43,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"method\":\"x\"}]");
            JsonNode batch = proxy.next(Duration.ofSeconds(10));
            assertThat(batch.isArray()).isTrue();
            assertThat(batch)
                    .singleElement()
                    .satisfies(
                            e -> {
                                assertThat(e.get("id").asInt()).isEqualTo(43);
                                assertThat(e.at("/error/code").asInt()).isEqualTo(-32600);
                            });
            proxy.send("not json and no id");
            proxy.callTool(44, "echo", "{\"text\":\"ok\"}");
            assertThat(proxy.responseTo(44).at("/result/content/0/text").asText())
                    .isEqualTo("echo: ok");
            assertThat(proxy.finish()).isZero();
            assertThat(proxy.stderr())
                    .contains("malformed client message")
                    .contains("rejected a JSON-RPC batch");
        }
    }

    @Test
    void aPrettyPrintedLegacyBodyReachesTheClientAsOneLine() throws Exception {
        try (ProxyProcess proxy = proxy("content-length", null)) {
            proxy.initialize();
            proxy.callTool(1, "pretty", "{}");
            assertThat(proxy.responseTo(1).at("/result/content/0/text").asText())
                    .isEqualTo("pretty\nlines");
            proxy.finish();
        }
    }

    @Test
    void aBannerOnStdoutDoesNotBreakDetection() throws Exception {
        try (ProxyProcess proxy = proxy("ndjson", null)) {
            McpTestServers.install(
                    ws, "t", "ndjson", null, "--log", serverLog().toString(), "--garbage-on-start");
            proxy.close();
        }
        try (ProxyProcess proxy =
                ProxyProcess.start(ws, SCOPE, "--manifest", ".harnessgym/mcp/t/mcp.json")) {
            proxy.initialize();
            proxy.callTool(1, "echo", "{\"text\":\"x\"}");
            assertThat(proxy.responseTo(1).at("/result/content/0/text").asText())
                    .isEqualTo("echo: x");
            proxy.finish();
            assertThat(proxy.stderr()).contains("server sent an unusable message");
        }
    }

    @Test
    void whenTheClientLeavesTheServerGroupIsEnded() throws Exception {
        try (ProxyProcess proxy = proxy("ndjson", null)) {
            proxy.initialize();
            proxy.callTool(1, "slow", "{\"ms\":60000}");
            Thread.sleep(200);
            assertThat(proxy.finish()).isZero();
        }
        Eventually.holds(() -> assertThat(serverAlive()).as("server process gone").isFalse());
    }

    @Test
    void badArgumentsAndBadManifestsAreOneLineErrors() throws Exception {
        Files2.write(ws.resolve(".harnessgym/mcp/bad/mcp.json"), "{\"args\": []}");
        try (ProxyProcess proxy =
                ProxyProcess.start(ws, Map.of(), "--manifest", ".harnessgym/mcp/bad/mcp.json")) {
            assertThat(proxy.finish()).isEqualTo(3);
            assertThat(proxy.stderr())
                    .startsWith(
                            "harnessgym: error: .harnessgym/mcp/bad/mcp.json: 'command' is required");
        }
        try (ProxyProcess proxy = ProxyProcess.start(ws, Map.of(), "--bogus")) {
            assertThat(proxy.finish()).isEqualTo(2);
        }
        try (ProxyProcess proxy = ProxyProcess.start(ws, Map.of(), "--manifest", "/etc/passwd")) {
            assertThat(proxy.finish()).isEqualTo(3);
            assertThat(proxy.stderr()).contains("manifest /etc/passwd leaves the workspace");
        }
        try (ProxyProcess proxy = ProxyProcess.start(ws, Map.of(), "--", "no-such-command-xyz")) {
            assertThat(proxy.finish()).isEqualTo(3);
            assertThat(proxy.stderr()).contains("command 'no-such-command-xyz' not found on PATH");
        }
    }

    @Test
    void theCommandFormWithAnExplicitFramingWorksToo() throws Exception {
        Files.copy(McpTestServers.SCRIPT, ws.resolve("server.py"));
        try (ProxyProcess proxy =
                ProxyProcess.start(
                        ws,
                        Map.of(),
                        "--server-name",
                        "plain",
                        "--framing",
                        "content-length",
                        "--",
                        "python3",
                        "server.py",
                        "--framing",
                        "content-length")) {
            proxy.initialize();
            proxy.callTool(1, "echo", "{\"text\":\"cmd\"}");
            assertThat(proxy.responseTo(1).at("/result/content/0/text").asText())
                    .isEqualTo("echo: cmd");
            proxy.finish();
        }
        assertThat(callLog().get(0).get("server").asText()).isEqualTo("plain");
    }

    @Test
    void theServerSeesNoAgentSecretsButItsManifestEnv() throws Exception {
        McpTestServers.install(ws, "t", "ndjson", null);
        Path manifest = ws.resolve(".harnessgym/mcp/t/mcp.json");
        String json =
                Files2.read(manifest)
                        .replace(
                                "\"self_test\"",
                                "\"env\": {\"TOOL_MODE\": \"fast\"}, \"self_test\"");
        Files2.write(manifest, json);
        try (ProxyProcess proxy =
                ProxyProcess.start(
                        ws,
                        Map.of("OPENAI_API_KEY", "sk-secret", "ANTHROPIC_API_KEY", "x"),
                        "--manifest",
                        ".harnessgym/mcp/t/mcp.json")) {
            proxy.initialize();
            proxy.callTool(1, "env", "{\"name\":\"OPENAI_API_KEY\"}");
            proxy.callTool(2, "env", "{\"name\":\"TOOL_MODE\"}");
            assertThat(proxy.responseTo(1).at("/result/content/0/text").asText())
                    .isEqualTo("<unset>");
            assertThat(proxy.responseTo(2).at("/result/content/0/text").asText()).isEqualTo("fast");
            proxy.finish();
        }
    }

    @Test
    void underProtocol20250326BatchesAreSplitAndAnsweredAsOneArray() throws Exception {
        McpTestServers.install(
                ws,
                "t",
                "ndjson",
                "ndjson",
                "--log",
                serverLog().toString(),
                "--protocol",
                "2025-03-26");
        try (ProxyProcess proxy =
                ProxyProcess.start(ws, SCOPE, "--manifest", ".harnessgym/mcp/t/mcp.json")) {
            proxy.send(
                    "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-03-26\","
                            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"old\",\"version\":\"1\"}}}");
            assertThat(proxy.responseTo(0).at("/result/protocolVersion").asText())
                    .isEqualTo("2025-03-26");
            proxy.send(
                    "[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},"
                            + "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"a\"}}},"
                            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"},"
                            + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"initialize\",\"params\":{}}]");
            JsonNode batch = proxy.next(Duration.ofSeconds(10));
            assertThat(batch.isArray()).as(batch.toString()).isTrue();
            assertThat(batch).hasSize(3);
            Map<Integer, JsonNode> byId = new java.util.HashMap<>();
            batch.forEach(answer -> byId.put(answer.get("id").asInt(), answer));
            assertThat(byId.get(1).at("/result/content/0/text").asText()).isEqualTo("echo: a");
            assertThat(byId.get(2).has("result")).isTrue();
            assertThat(byId.get(3).at("/error/message").asText())
                    .isEqualTo("initialize must not be part of a batch");
            proxy.finish();
        }
        assertThat(callLog())
                .singleElement()
                .satisfies(e -> assertThat(e.get("status").asText()).isEqualTo("completed"));
    }

    @Test
    void aProxyEndedBySigtermEndsItsServerToo() throws Exception {
        try (ProxyProcess proxy = proxy("ndjson", null)) {
            proxy.initialize();
            proxy.callTool(1, "slow", "{\"ms\":60000}");
            Thread.sleep(200);
            proxy.process().destroy();
            assertThat(proxy.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        Eventually.holds(
                () -> assertThat(serverAlive()).as("server ended with its proxy").isFalse());
    }
}
