package io.harnessgym.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.mcp.client.McpClient;
import io.harnessgym.testing.NpmTools;
import io.harnessgym.testing.ProxyProcess;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP reference server from npm (@modelcontextprotocol/server-everything) behind our client and
 * proxy.
 */
class ServerEverythingTest {
    static final Duration T = Duration.ofSeconds(20);

    @TempDir Path ws;

    Path server;

    @BeforeEach
    void locate() {
        server = NpmTools.require("@modelcontextprotocol/server-everything/dist/index.js");
    }

    @Test
    void ourClientTalksToTheReferenceServer() throws Exception {
        ServerLaunch launch =
                new ServerLaunch(
                        "everything",
                        List.of("node", server.toString(), "stdio"),
                        ws,
                        System.getenv(),
                        null);
        try (McpClient client = McpClient.start(launch)) {
            McpClient.Initialized init = client.initialize(T);
            assertThat(init.framing().id()).isEqualTo("ndjson");
            assertThat(init.protocolVersion()).isEqualTo(McpClient.OFFERED_VERSION);
            List<String> tools =
                    client.listTools(T).stream().map(t -> t.path("name").asText()).toList();
            assertThat(tools).contains("echo", "get-sum");
            assertThat(
                            client.callTool("echo", Json.object().put("message", "hello"), T)
                                    .at("/content/0/text")
                                    .asText())
                    .isEqualTo("Echo: hello");
            assertThat(
                            client.callTool("get-sum", Json.object().put("a", 2).put("b", 40), T)
                                    .at("/content/0/text")
                                    .asText())
                    .contains("42");
            client.ping(T);
        }
    }

    @Test
    void theReferenceServerThroughOurProxyIsLogged() throws Exception {
        try (ProxyProcess proxy =
                ProxyProcess.start(
                        ws,
                        Map.of("HARNESSGYM_RUN_ID", "ref"),
                        "--server",
                        "everything",
                        "--",
                        "node",
                        server.toString(),
                        "stdio")) {
            proxy.send(
                    "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
            assertThat(proxy.responseTo(0).at("/result/protocolVersion").asText())
                    .isEqualTo("2025-11-25");
            proxy.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            proxy.callTool(1, "echo", "{\"message\":\"through the proxy\"}");
            assertThat(proxy.responseTo(1).at("/result/content/0/text").asText())
                    .isEqualTo("Echo: through the proxy");
            proxy.callTool(2, "no-such-tool", "{}");
            JsonNode unknown = proxy.responseTo(2);
            assertThat(unknown.has("error") || unknown.at("/result/isError").asBoolean()).isTrue();
            assertThat(proxy.finish()).isZero();
        }
        List<JsonNode> log = io.harnessgym.testing.Files2.jsonLines(TestState.callLog(ws));
        assertThat(log).hasSize(2);
        assertThat(log.get(0).get("status").asText()).isEqualTo("completed");
        assertThat(log.get(0).get("run_id").asText()).isEqualTo("ref");
        assertThat(log.get(1).get("status").asText()).isIn("error", "tool_error");
    }
}
