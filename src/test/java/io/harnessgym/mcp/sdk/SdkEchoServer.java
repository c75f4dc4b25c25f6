package io.harnessgym.mcp.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** An MCP server built with the official Java SDK (stdio), for interoperability tests. */
public final class SdkEchoServer {
    private SdkEchoServer() {}

    public static void main(String[] args) throws InterruptedException {
        JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
        McpSchema.Tool echo =
                McpSchema.Tool.builder(
                                "sdk_echo",
                                Map.of(
                                        "type",
                                        "object",
                                        "properties",
                                        Map.of("text", Map.of("type", "string"))))
                        .description("Echo from the official SDK")
                        .build();
        McpServer.sync(new StdioServerTransportProvider(mapper))
                .serverInfo("sdk-echo", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(Boolean.TRUE).build())
                .toolCall(
                        echo,
                        (exchange, request) ->
                                McpSchema.CallToolResult.builder()
                                        .addTextContent(
                                                "sdk echo: " + request.arguments().get("text"))
                                        .build())
                .build();
        // The SDK reads stdin on its own threads; the client ends this process (stdin closed, then
        // the group).
        Thread.sleep(Long.MAX_VALUE);
    }
}
