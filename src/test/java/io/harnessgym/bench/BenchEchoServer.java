package io.harnessgym.bench;

import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.framing.MessageReader;
import io.harnessgym.mcp.framing.MessageWriter;
import io.harnessgym.mcp.jsonrpc.JsonRpc;
import io.harnessgym.mcp.jsonrpc.Peek;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal, fast NDJSON MCP server for the proxy benchmark: answers every request with a tiny
 * result.
 */
public final class BenchEchoServer {
    private BenchEchoServer() {}

    public static void main(String[] args) throws Exception {
        MessageReader in =
                new MessageReader(new FileInputStream(FileDescriptor.in), Framing.NDJSON, 1 << 26);
        MessageWriter out =
                new MessageWriter(
                        new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                        Framing.NDJSON);
        for (byte[] message; (message = in.read()) != null; ) {
            Peek peek = JsonRpc.peek(message);
            if (peek.kind() != Peek.Kind.REQUEST) {
                continue;
            }
            String id = io.harnessgym.workspace.Json.compact(peek.id());
            String result =
                    "initialize".equals(peek.method())
                            ? "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"bench\",\"version\":\"1\"}}"
                            : "{\"content\":[{\"type\":\"text\",\"text\":\"ok "
                                    + peek.argumentBytes()
                                    + "\"}]}";
            out.write(
                    ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}")
                            .getBytes(StandardCharsets.UTF_8));
        }
    }
}
