package io.harnessgym.mcp.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessgym.mcp.ServerLaunch;
import io.harnessgym.mcp.client.McpClient;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official MCP Java SDK as client through our proxy, and as server behind our client and proxy.
 */
class SdkInteropTest {
    @TempDir Path ws;

    /** Argv that starts the SDK echo server from the test class path. */
    static List<String> sdkServerCommand() {
        List<String> command = new ArrayList<>(McpTestServers.harnessgymCommand());
        command.set(command.size() - 1, SdkEchoServer.class.getName());
        return command;
    }

    static McpSyncClient sdkClientThroughProxy(Path ws, String... proxyArgs) {
        List<String> command = McpTestServers.harnessgymCommand();
        List<String> args = new ArrayList<>(command.subList(1, command.size()));
        args.addAll(List.of("mcp", "proxy", "--workspace", ws.toString()));
        args.addAll(List.of(proxyArgs));
        ServerParameters parameters =
                ServerParameters.builder(command.get(0))
                        .args(args)
                        .env(Map.of("HARNESSGYM_RUN_ID", "sdk-run"))
                        .build();
        StdioClientTransport transport =
                new StdioClientTransport(parameters, new JacksonMcpJsonMapper(new ObjectMapper()));
        return io.modelcontextprotocol.client.McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(20))
                .initializationTimeout(Duration.ofSeconds(20))
                .build();
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ndjson", "content-length"})
    void sdkClientThroughOurProxyToALegacyOrModernServer(String framing) throws Exception {
        McpTestServers.install(ws, "t", framing, null);
        McpSyncClient client =
                sdkClientThroughProxy(ws, "--manifest", ".harnessgym/mcp/t/mcp.json");
        try {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.serverInfo().name()).isEqualTo("test-server");
            assertThat(client.listTools().tools()).hasSize(11);
            McpSchema.CallToolResult result =
                    client.callTool(
                            new McpSchema.CallToolRequest("echo", Map.of("text", "from sdk")));
            assertThat(text(result)).isEqualTo("echo: from sdk");
        } finally {
            client.closeGracefully();
        }
        JsonNode event = Json.MAPPER.readTree(Files.readAllLines(TestState.callLog(ws)).get(0));
        assertThat(event.get("status").asText()).isEqualTo("completed");
        assertThat(event.get("framing").asText()).isEqualTo(framing);
        assertThat(event.get("run_id").asText()).isEqualTo("sdk-run");
    }

    @Test
    void sdkServerBehindOurClient() throws Exception {
        ServerLaunch launch =
                new ServerLaunch("sdk", sdkServerCommand(), ws, System.getenv(), null);
        try (McpClient client = McpClient.start(launch)) {
            McpClient.Initialized init = client.initialize(Duration.ofSeconds(20));
            assertThat(init.serverInfo().path("name").asText()).isEqualTo("sdk-echo");
            assertThat(init.framing().id()).isEqualTo("ndjson");
            assertThat(client.listTools(Duration.ofSeconds(10)))
                    .extracting(t -> t.path("name").asText())
                    .containsExactly("sdk_echo");
            JsonNode result =
                    client.callTool(
                            "sdk_echo", Json.object().put("text", "hi"), Duration.ofSeconds(10));
            assertThat(result.at("/content/0/text").asText()).isEqualTo("sdk echo: hi");
        }
    }

    @Test
    void sdkClientThroughOurProxyToAnSdkServer() throws Exception {
        List<String> server = sdkServerCommand();
        StringBuilder args = new StringBuilder();
        for (String arg : server.subList(1, server.size())) {
            args.append(args.length() == 0 ? "" : ", ")
                    .append(Json.compact(Json.MAPPER.valueToTree(arg)));
        }
        Files2.write(
                ws.resolve(".harnessgym/mcp/sdk/mcp.json"),
                "{\"command\": "
                        + Json.compact(Json.MAPPER.valueToTree(server.get(0)))
                        + ", \"args\": ["
                        + args
                        + "], \"timeouts\": {\"startup_seconds\": 20}}");
        McpSyncClient client =
                sdkClientThroughProxy(ws, "--manifest", ".harnessgym/mcp/sdk/mcp.json");
        try {
            client.initialize();
            McpSchema.CallToolResult result =
                    client.callTool(
                            new McpSchema.CallToolRequest("sdk_echo", Map.of("text", "both")));
            assertThat(text(result)).isEqualTo("sdk echo: both");
        } finally {
            client.closeGracefully();
        }
        assertThat(Files.readAllLines(TestState.callLog(ws))).hasSize(1);
    }
}
