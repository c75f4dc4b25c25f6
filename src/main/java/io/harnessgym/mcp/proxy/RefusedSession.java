package io.harnessgym.mcp.proxy;

import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.framing.FramingException;
import io.harnessgym.mcp.framing.MessageReader;
import io.harnessgym.mcp.framing.MessageWriter;
import io.harnessgym.mcp.jsonrpc.JsonRpc;
import io.harnessgym.mcp.jsonrpc.Peek;
import io.harnessgym.mcp.telemetry.CallSink;
import io.harnessgym.mcp.telemetry.CallStatus;
import io.harnessgym.mcp.telemetry.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * What the proxy does instead of starting a server it refuses: it stays an MCP peer, so the agent
 * CLI shows why. Every request is answered with error {@value JsonRpc#SERVER_REFUSED} and the
 * reason; every {@code tools/call} is logged with status {@code refused}. The server never runs.
 */
final class RefusedSession {
    private RefusedSession() {}

    static void run(
            String server,
            String reason,
            Scope scope,
            InputStream clientIn,
            OutputStream clientOut,
            PrintStream diagnostics,
            CallSink log,
            int maxMessageBytes) {
        String message = "harnessgym refused to run MCP server " + server + ": " + reason;
        diagnostics.println("harnessgym mcp proxy: " + message);
        MessageReader reader = new MessageReader(clientIn, null, maxMessageBytes);
        CallRecorder recorder = new CallRecorder(log, server, scope, () -> null, "none");
        MessageWriter writer = new MessageWriter(clientOut, Framing.NDJSON);
        try {
            while (true) {
                byte[] bytes;
                try {
                    bytes = reader.read();
                } catch (FramingException e) {
                    if (e.recoverable()) {
                        continue;
                    }
                    return;
                }
                if (bytes == null) {
                    return;
                }
                Peek peek;
                try {
                    peek = JsonRpc.peek(bytes);
                } catch (JsonRpc.MalformedMessage e) {
                    continue;
                }
                if (peek.kind() != Peek.Kind.REQUEST) {
                    continue;
                }
                // Logged the way every call is: the server never ran, so it never answered.
                recorder.record(new PendingCall(peek, null), CallStatus.REFUSED, null, message);
                writer.write(
                        JsonRpc.errorResponse(peek.id(), JsonRpc.SERVER_REFUSED, message, null));
            }
        } catch (IOException e) {
            diagnostics.println("harnessgym mcp proxy: client stream failed: " + e.getMessage());
        }
    }
}
