package io.harnessgym.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.registry.ContentDigest;
import io.harnessgym.registry.QuarantineRecord;
import io.harnessgym.registry.RegistryStore;
import io.harnessgym.registry.TrustRecords;
import io.harnessgym.testing.Eventually;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.testing.ProxyProcess;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call log is evidence: it lives in the private state directory, every call is in it however
 * the session ends, it cannot be moved by the environment, and a server that must not run does not.
 */
class ProxyEvidenceTest {
    static final Map<String, String> SCOPE = Map.of("HARNESSGYM_RUN_ID", "run-1");

    @TempDir Path ws;

    ProxyProcess proxy(String... extra) throws Exception {
        McpTestServers.install(ws, "t", "ndjson", "ndjson");
        List<String> args =
                new java.util.ArrayList<>(List.of("--manifest", ".harnessgym/mcp/t/mcp.json"));
        args.addAll(List.of(extra));
        return ProxyProcess.start(ws, SCOPE, args.toArray(String[]::new));
    }

    List<JsonNode> callLog() {
        Path log = TestState.callLog(ws);
        return Files.exists(log) ? Files2.jsonLines(log) : List.of();
    }

    @Test
    void theLogIsInTheStateDirectoryAndTheEnvironmentCannotMoveIt(@TempDir Path elsewhere)
            throws Exception {
        McpTestServers.install(ws, "t", "ndjson", "ndjson");
        Path redirected = elsewhere.resolve("forged.jsonl");
        try (ProxyProcess proxy =
                ProxyProcess.start(
                        ws,
                        Map.of("HARNESSGYM_MCP_TELEMETRY_PATH", redirected.toString()),
                        "--manifest",
                        ".harnessgym/mcp/t/mcp.json")) {
            proxy.initialize();
            proxy.callTool(1, "echo", "{\"text\": \"hi\"}");
            proxy.responseTo(1);
            assertThat(proxy.finish()).isZero();
        }
        assertThat(redirected).doesNotExist();
        assertThat(ws.resolve(".harnessgym/mcp_calls.jsonl")).doesNotExist();
        assertThat(callLog())
                .singleElement()
                .satisfies(e -> assertThat(e.get("status").asText()).isEqualTo("completed"));
        StateDir state = TestState.of(ws);
        assertThat(state.root().startsWith(ws.toRealPath())).isFalse();
        assertThat(Files.getPosixFilePermissions(state.root()))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void eachLoggedCallSaysHowItsServerWasConfinedAndNeverMore() throws Exception {
        McpTestServers.install(ws, "t", "ndjson", "ndjson");
        try (ProxyProcess proxy =
                ProxyProcess.start(ws, SCOPE, "--manifest", ".harnessgym/mcp/t/mcp.json")) {
            proxy.initialize();
            proxy.callTool(1, "echo", "{}");
            proxy.responseTo(1);
            proxy.finish();
        }
        try (ProxyProcess proxy =
                ProxyProcess.start(ws, SCOPE, "--", "python3", McpTestServers.SCRIPT.toString())) {
            proxy.initialize();
            proxy.callTool(2, "echo", "{}");
            proxy.responseTo(2);
            proxy.finish();
        }
        String expected = io.harnessgym.process.Sandbox.detect(TestState.env()).id();
        assertThat(callLog())
                .extracting(e -> e.get("sandbox").asText())
                .as("a bundle server as detected; a raw command is never sandboxed")
                .containsExactly(expected, "none");
    }

    @Test
    void aServerTheAgentBuiltCannotForgeCallsIntoTheLog() throws Exception {
        Path forgedInto = ws.resolve(".harnessgym/mcp_calls.jsonl");
        McpTestServers.install(
                ws, "t", "ndjson", "ndjson", "--forge-on-call", forgedInto.toString());
        try (ProxyProcess proxy =
                ProxyProcess.start(ws, SCOPE, "--manifest", ".harnessgym/mcp/t/mcp.json")) {
            proxy.initialize();
            proxy.callTool(1, "echo", "{}");
            proxy.responseTo(1);
            proxy.finish();
        }
        if (io.harnessgym.process.Sandbox.detect(TestState.env()).id().equals("bubblewrap")) {
            // Sandboxed, the server cannot even write there: the bundle is read-only to it.
            assertThat(forgedInto).doesNotExist();
        } else {
            assertThat(Files2.jsonLines(forgedInto))
                    .as("the server did write its lines")
                    .hasSize(5);
        }
        io.harnessgym.testing.CliRun summary =
                io.harnessgym.testing.CliRun.run(
                        "telemetry", "summary", "--json", "--workspace", ws.toString());
        JsonNode counted = io.harnessgym.workspace.Json.MAPPER.readTree(summary.out());
        assertThat(counted.get("count").asInt()).as("only the real call counts").isEqualTo(1);
        assertThat(counted.get("called_tools").toString()).doesNotContain("forged");
    }

    /** The client closes stdin right after its call: the call is logged, answered or not. */
    @RepeatedTest(10)
    void aCallIsLoggedWhenTheClientClosesStdinRightAfterIt() throws Exception {
        boolean answered;
        try (ProxyProcess proxy = proxy()) {
            proxy.initialize();
            proxy.callTool(5, "echo", "{\"text\": \"last\"}");
            proxy.finish();
            answered = proxy.received().stream().anyMatch(m -> m.path("id").asInt(-1) == 5);
        }
        List<JsonNode> log = callLog();
        assertThat(log).as("exactly one line for the call").hasSize(1);
        String status = log.get(0).get("status").asText();
        if (answered) {
            assertThat(status).isEqualTo("completed");
        } else {
            assertThat(status).isIn("completed", "cancelled");
        }
    }

    @Test
    void aCallTheClientAbandonsIsLoggedAsCancelled() throws Exception {
        try (ProxyProcess proxy = proxy()) {
            proxy.initialize();
            proxy.callTool(6, "slow", "{\"ms\": 20000}");
            Thread.sleep(200);
            proxy.finish();
        }
        assertThat(callLog())
                .singleElement()
                .satisfies(
                        event -> {
                            assertThat(event.get("status").asText()).isEqualTo("cancelled");
                            assertThat(event.get("tool_name").asText()).isEqualTo("slow");
                        });
    }

    /** docs/mcp.md promises it: the client never sees an answer to a call already finished. */
    @Test
    void aLateAnswerToATimedOutOrCancelledCallIsDropped() throws Exception {
        try (ProxyProcess proxy = proxy("--response-timeout", "0.5")) {
            proxy.initialize();
            proxy.callTool(21, "slow", "{\"ms\": 1500, \"ignore_cancel\": true}");
            assertThat(proxy.responseTo(21).at("/error/code").asInt()).isEqualTo(-32001);
            proxy.callTool(22, "slow", "{\"ms\": 1000, \"ignore_cancel\": true}");
            Thread.sleep(100);
            proxy.send(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                            + "\"params\":{\"requestId\":22}}");
            // Both late answers are written by the server within 1.5 s; a ping after them is
            // answered, so by then anything forwarded would have arrived first.
            Thread.sleep(2000);
            proxy.send("{\"jsonrpc\":\"2.0\",\"id\":23,\"method\":\"ping\"}");
            proxy.responseTo(23);
            proxy.finish();
            assertThat(proxy.received())
                    .noneMatch(m -> m.path("id").asInt(-1) == 21 || m.path("id").asInt(-1) == 22);
        }
        assertThat(callLog())
                .extracting(event -> event.get("status").asText())
                .containsExactlyInAnyOrder("timeout", "cancelled");
    }

    @Test
    void aCrashingServerIsLoggedAsAnErrorWithItsStatusAndStderr() throws Exception {
        try (ProxyProcess proxy = proxy()) {
            proxy.initialize();
            proxy.callTool(7, "crash", "{}");
            JsonNode answer = proxy.responseTo(7);
            assertThat(answer.at("/error/message").asText())
                    .contains("exited before answering tools/call")
                    .contains("exit status 3")
                    .contains("about to crash");
            assertThat(proxy.finish()).as("the proxy exits with the server's status").isEqualTo(3);
        }
        assertThat(callLog())
                .singleElement()
                .satisfies(event -> assertThat(event.get("status").asText()).isEqualTo("error"));
    }

    @Test
    void aProxyStoppedBySigtermLogsTheCallItWasWaitingFor() throws Exception {
        String stderr;
        try (ProxyProcess proxy = proxy()) {
            proxy.initialize();
            proxy.callTool(8, "slow", "{\"ms\": 30000}");
            Thread.sleep(300);
            proxy.process().destroy();
            assertThat(proxy.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            stderr = proxy.stderr();
        }
        String shown = stderr;
        Eventually.holds(
                () ->
                        assertThat(callLog())
                                .as("proxy stderr: %s", shown)
                                .singleElement()
                                .satisfies(
                                        event ->
                                                assertThat(event.get("status").asText())
                                                        .isEqualTo("cancelled")));
    }

    @Test
    void anAnswerThatIsNotUtf8FailsTheCallAtOnceInsteadOfTimingOut() throws Exception {
        try (ProxyProcess proxy = proxy("--response-timeout", "60")) {
            proxy.initialize();
            long start = System.nanoTime();
            proxy.callTool(9, "badutf8", "{}");
            JsonNode answer = proxy.responseTo(9);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("answered, not left to the 60 s timeout")
                    .isLessThan(Duration.ofSeconds(30));
            assertThat(answer.at("/error/message").asText()).contains("not valid UTF-8");
            proxy.finish();
        }
        assertThat(callLog())
                .singleElement()
                .satisfies(event -> assertThat(event.get("status").asText()).isEqualTo("error"));
    }

    @Test
    void aLogThatCannotBeWrittenStopsTheProxyWithAClearError(@TempDir Path tmp) throws Exception {
        Path blocker = Files2.write(tmp.resolve("a-file"), "not a folder");
        McpTestServers.install(ws, "t", "ndjson", "ndjson");
        try (ProxyProcess proxy =
                ProxyProcess.start(
                        ws,
                        Map.of(),
                        "--state-dir",
                        blocker.resolve("state").toString(),
                        "--manifest",
                        ".harnessgym/mcp/t/mcp.json")) {
            assertThat(proxy.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(proxy.process().exitValue()).isEqualTo(3);
            Eventually.holds(
                    () ->
                            assertThat(proxy.stderr())
                                    .contains("harnessgym: error: the call log")
                                    .contains("cannot be written"));
        }
    }

    @Test
    void aQuarantinedServerIsNotRunEvenFromAConfigWrittenBefore() throws Exception {
        Path manifest = McpTestServers.install(ws, "t", "ndjson", "ndjson");
        Path marker = ws.resolve("ran.log");
        Files2.write(
                manifest,
                Files2.read(manifest)
                        .replace(
                                "\"--framing\", \"ndjson\"",
                                "\"--framing\", \"ndjson\", \"--log\", \"" + marker + "\""));
        StateDir state = TestState.of(ws);
        String digest = ContentDigest.of(ws.toRealPath(), manifest.getParent());
        TrustRecords.load(state)
                .withQuarantine(
                        new QuarantineRecord(
                                "mcp:.harnessgym/mcp/t/mcp.json",
                                digest,
                                "leaks secrets",
                                "manual",
                                null,
                                RegistryStore.now()))
                .save(state);
        try (ProxyProcess proxy =
                ProxyProcess.start(ws, SCOPE, "--manifest", ".harnessgym/mcp/t/mcp.json")) {
            proxy.send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{}}");
            JsonNode refused = proxy.responseTo(0);
            assertThat(refused.at("/error/code").asInt()).isEqualTo(-32002);
            assertThat(refused.at("/error/message").asText())
                    .contains("refused to run MCP server t")
                    .contains("quarantined")
                    .contains("leaks secrets");
            proxy.callTool(1, "echo", "{}");
            assertThat(proxy.responseTo(1).at("/error/code").asInt()).isEqualTo(-32002);
            assertThat(proxy.finish()).isEqualTo(3);
        }
        assertThat(marker).as("the server never started").doesNotExist();
        assertThat(callLog())
                .singleElement()
                .satisfies(event -> assertThat(event.get("status").asText()).isEqualTo("refused"));
    }

    @Test
    void aServerEditedAfterActivationIsNotRun() throws Exception {
        Path manifest = McpTestServers.install(ws, "t", "ndjson", "ndjson");
        String activatedAt = ContentDigest.of(ws.toRealPath(), manifest.getParent());
        Files2.write(manifest.resolveSibling("test_server.py"), "import os\nos.system('id')\n");
        try (ProxyProcess proxy =
                ProxyProcess.start(
                        ws,
                        SCOPE,
                        "--manifest",
                        ".harnessgym/mcp/t/mcp.json",
                        "--expect-digest",
                        activatedAt)) {
            proxy.send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{}}");
            assertThat(proxy.responseTo(0).at("/error/message").asText())
                    .contains("its files changed since it was activated");
        }
    }
}
