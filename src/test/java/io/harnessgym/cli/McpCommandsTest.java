package io.harnessgym.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.testing.CliRun;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpCommandsTest {
    @TempDir Path dir;

    String ws;

    @BeforeEach
    void setUp() {
        ws = dir.toString();
        McpTestServers.install(dir, "good", "content-length", null);
        McpTestServers.install(dir, "lines", "ndjson", "ndjson");
        Files2.write(dir.resolve(".harnessgym/mcp/broken/server.json"), "{\"args\": [\"x\"]}");
    }

    @Test
    void listShowsEveryServerWithItsState() throws Exception {
        CliRun run = CliRun.run("mcp", "list", "--workspace", ws);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("good", "lines", "unqualified", "invalid", "'command' is required");

        JsonNode json =
                Json.MAPPER.readTree(CliRun.run("mcp", "list", "--json", "--workspace", ws).out());
        assertThat(json).hasSize(3);
        assertThat(json.findValuesAsText("state"))
                .containsExactlyInAnyOrder("unqualified", "unqualified", "invalid");
    }

    @Test
    void smokePrintsToolsAndFraming() throws Exception {
        CliRun run = CliRun.run("mcp", "smoke", "good", "--workspace", ws);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith(
                        "server good: passed (framing content-length, protocol 2025-11-25, 11 tools)")
                .contains("  echo  test tool echo");

        JsonNode json =
                Json.MAPPER.readTree(
                        CliRun.run("mcp", "smoke", "lines", "--json", "--workspace", ws).out());
        assertThat(json.get("status").asText()).isEqualTo("passed");
        assertThat(json.get("framing").asText()).isEqualTo("ndjson");
        assertThat(json.get("tools")).hasSize(11);
    }

    @Test
    void smokeOfAServerThatDiesIsANegativeVerdict() {
        Files2.write(
                dir.resolve(".harnessgym/mcp/dies/mcp.json"),
                "{\"command\": \"false\", \"self_test\": true}");
        CliRun run = CliRun.run("mcp", "smoke", "dies", "--workspace", ws);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("server dies failed the smoke test: MCP server ended");
    }

    @Test
    void callGoesThroughTheProxyAndIsLogged() throws Exception {
        CliRun ok =
                CliRun.run(
                        "mcp",
                        "call",
                        "--server",
                        "good",
                        "--tool",
                        "echo",
                        "--arguments",
                        "{\"text\": \"via proxy\"}",
                        "--workspace",
                        ws);
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(Json.MAPPER.readTree(ok.out()))
                .isEqualTo(Json.object().put("text", "echo: via proxy").put("isError", false));

        CliRun toolError =
                CliRun.run(
                        "mcp",
                        "call",
                        "--server",
                        "good",
                        "--tool",
                        "tool_error",
                        "--workspace",
                        ws);
        assertThat(toolError.exitCode()).isEqualTo(1);
        CliRun rpcError =
                CliRun.run("mcp", "call", "--server", "good", "--tool", "fail", "--workspace", ws);
        assertThat(rpcError.exitCode()).isEqualTo(1);
        assertThat(rpcError.err()).contains("tool failed on purpose");

        List<String> lines = Files.readAllLines(TestState.callLog(dir));
        assertThat(lines).hasSize(3);
        JsonNode summary =
                Json.MAPPER.readTree(
                        CliRun.run("telemetry", "summary", "--json", "--workspace", ws).out());
        assertThat(summary.get("count").asInt()).isEqualTo(3);
        assertThat(summary.get("successful_count").asInt()).isEqualTo(1);
        assertThat(summary.get("failed_count").asInt()).isEqualTo(2);
        assertThat(summary.at("/status_counts/tool_error").asInt()).isEqualTo(1);
        assertThat(summary.at("/status_counts/error").asInt()).isEqualTo(1);
        assertThat(CliRun.run("telemetry", "summary", "--workspace", ws).out())
                .startsWith("3 calls: 1 successful, 2 failed");
    }

    @Test
    void callArgumentsFromAFileAndRawOutputAndToolListing() throws Exception {
        Path args = Files2.write(dir.resolve("args.json"), "{\"text\": \"file\"}");
        CliRun raw =
                CliRun.run(
                        "mcp",
                        "call",
                        "--server",
                        "lines",
                        "--tool",
                        "echo",
                        "--arguments-file",
                        args.toString(),
                        "--raw",
                        "--workspace",
                        ws);
        assertThat(Json.MAPPER.readTree(raw.out()).at("/content/0/text").asText())
                .isEqualTo("echo: file");
        CliRun tools =
                CliRun.run("mcp", "call", "--server", "lines", "--list-tools", "--workspace", ws);
        assertThat(Json.MAPPER.readTree(tools.out())).hasSize(11);
    }

    @Test
    void callRefusesBadArgumentsUnknownAndQuarantinedServers() {
        assertThat(
                        CliRun.run(
                                        "mcp",
                                        "call",
                                        "--server",
                                        "good",
                                        "--tool",
                                        "echo",
                                        "--arguments",
                                        "[1]",
                                        "--workspace",
                                        ws)
                                .exitCode())
                .isEqualTo(2);
        assertThat(CliRun.run("mcp", "call", "--server", "good", "--workspace", ws).exitCode())
                .isEqualTo(2);
        CliRun unknown =
                CliRun.run("mcp", "call", "--server", "nope", "--tool", "echo", "--workspace", ws);
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.err())
                .contains("no MCP server named 'nope'")
                .contains("servers: good, lines");

        assertThat(
                        CliRun.run(
                                        "registry",
                                        "quarantine",
                                        "mcp:.harnessgym/mcp/good/mcp.json",
                                        "--reason",
                                        "flaky",
                                        "--workspace",
                                        ws)
                                .exitCode())
                .isZero();
        CliRun quarantined =
                CliRun.run("mcp", "call", "--server", "good", "--tool", "echo", "--workspace", ws);
        assertThat(quarantined.exitCode()).isEqualTo(3);
        assertThat(quarantined.err()).contains("MCP server 'good' is quarantined");
        assertThat(TestState.callLog(dir)).doesNotExist();
    }

    @Test
    void telemetrySummaryFiltersByRunAndIterationAndSkipsBadLines() throws Exception {
        Files2.write(
                TestState.callLog(dir),
                String.join(
                                "\n",
                                "{\"status\":\"completed\",\"tool_name\":\"a\",\"server\":\"s\",\"run_id\":\"r1\",\"iteration\":\"1\"}",
                                "{\"status\":\"timeout\",\"tool_name\":\"b\",\"server\":\"s\",\"run_id\":\"r1\",\"iteration\":\"2\"}",
                                "{broken",
                                "{\"status\":\"completed\",\"tool_name\":\"c\",\"server\":\"s\",\"run_id\":\"r2\",\"iteration\":\"1\"}")
                        + "\n");
        JsonNode r1 =
                Json.MAPPER.readTree(
                        CliRun.run(
                                        "telemetry",
                                        "summary",
                                        "--run",
                                        "r1",
                                        "--json",
                                        "--workspace",
                                        ws)
                                .out());
        assertThat(r1.get("count").asInt()).isEqualTo(2);
        assertThat(r1.get("skipped_lines").asInt()).isEqualTo(1);
        JsonNode r1i2 =
                Json.MAPPER.readTree(
                        CliRun.run(
                                        "telemetry",
                                        "summary",
                                        "--run",
                                        "r1",
                                        "--iteration",
                                        "2",
                                        "--json",
                                        "--workspace",
                                        ws)
                                .out());
        assertThat(r1i2.get("count").asInt()).isEqualTo(1);
        assertThat(r1i2.get("failed_count").asInt()).isEqualTo(1);
        CliRun text = CliRun.run("telemetry", "summary", "--workspace", ws);
        assertThat(text.err()).contains("1 lines of").contains("were skipped");
    }
}
