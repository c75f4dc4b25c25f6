package io.harnessgym.mcp.proxy;

import io.harnessgym.mcp.ServerLink;
import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.framing.MessageReader;
import io.harnessgym.mcp.framing.MessageWriter;
import io.harnessgym.mcp.jsonrpc.JsonRpc;
import io.harnessgym.mcp.jsonrpc.Peek;
import io.harnessgym.mcp.telemetry.CallEvent;
import io.harnessgym.mcp.telemetry.CallSink;
import io.harnessgym.mcp.telemetry.CallStatus;
import io.harnessgym.mcp.telemetry.Scope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The path of every call, run on synthetic messages on the second core while the server starts:
 * read a framed request, peek it, peek a response, write the call-log line, frame the answer. A
 * fresh JVM interprets that path until the JIT has seen it a few hundred times, which is the whole
 * of a short agent session (measured: the first 100 calls of a fresh proxy added several times what
 * the same calls add once compiled). Bounded in rounds and time; it touches no file, and a failure
 * is only a colder start.
 */
final class ProxyWarmUp {
    /** Enough rounds for C1 to compile the loop's methods (its thresholds are in the hundreds). */
    static final int ROUNDS = 200;

    static final long BUDGET_NANOS = 120_000_000L;

    private ProxyWarmUp() {}

    /** The JSON classes' own warm-up, then {@link #run}; for a thread of its own. */
    static void runWithJson() {
        try {
            io.harnessgym.workspace.Json.compact(
                    io.harnessgym.workspace.Json.MAPPER.readTree("{\"a\":[1,\"b\",{\"c\":null}]}"));
        } catch (IOException | RuntimeException | LinkageError e) {
            return; // only a warm-up: the real path reports its own problems
        }
        run();
    }

    static void run() {
        run(ROUNDS, BUDGET_NANOS);
    }

    /** At most {@code rounds} rounds, for at most {@code budgetNanos}. */
    static void run(int rounds, long budgetNanos) {
        long deadline = System.nanoTime() + budgetNanos;
        byte[] request =
                ("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                                + "\"arguments\":{\"text\":\"warm\",\"n\":[1,2.5,true,null]}}}")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] response =
                ("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
                                + "\"isError\":false}}")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] framed = frames(request, response);
        OutputStream sink = OutputStream.nullOutputStream();
        CallSink lines = new LineSink(sink);
        try {
            for (int round = 0; round < rounds && System.nanoTime() < deadline; round++) {
                Framing framing = (round & 1) == 0 ? Framing.CONTENT_LENGTH : Framing.NDJSON;
                byte[] stream = framing == Framing.NDJSON ? lines(request, response) : framed;
                // The client's side: read and peek the request, as the client pump does.
                MessageReader client =
                        new MessageReader(new ByteArrayInputStream(stream), framing, 1 << 20);
                Peek asked = JsonRpc.peek(client.read());
                PendingCalls pending = new PendingCalls();
                PendingCall call = new PendingCall(asked, null);
                pending.add(asked.idKey(), call);
                // The server's side: send the request, receive and peek the answer.
                ServerLink server =
                        new ServerLink(
                                new ByteArrayInputStream(lines(response)),
                                sink,
                                Framing.NDJSON,
                                1 << 20);
                JsonRpc.peek(client.read()); // a response read and peeked on this side too
                server.send(request);
                ServerLink.Received answer = server.receive();
                PendingCall done = pending.take(answer.peek().idKey());
                if (done != null && done.finish()) {
                    new CallRecorder(lines, "warm-up", Scope.NONE, () -> framing, "none")
                            .record(done, CallStatus.COMPLETED, answer.peek(), null);
                }
                new MessageWriter(sink, framing).write(answer.bytes());
            }
        } catch (IOException | JsonRpc.MalformedMessage | RuntimeException e) {
            // only a warm-up: the real path reports its own problems
        }
    }

    /** The call-log line written, to nowhere: the serialiser's path without a file. */
    private record LineSink(OutputStream out) implements CallSink {
        @Override
        public void submit(CallEvent event) {
            try {
                out.write(event.toLineBytes());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public boolean failed() {
            return false;
        }

        @Override
        public String target() {
            return "nowhere (warm-up)";
        }

        @Override
        public void close() {}
    }

    private static byte[] frames(byte[]... bodies) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] body : bodies) {
            out.writeBytes(
                    ("Content-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static byte[] lines(byte[]... bodies) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] body : bodies) {
            out.writeBytes(body);
            out.write('\n');
        }
        return out.toByteArray();
    }
}
