package io.harnessgym.mcp.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.framing.MessageReader;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The proxy's side of the collector socket ({@link CallLogCollector}): used when the proxy runs as
 * the agent's unprivileged user and cannot write the private state directory. It says which server
 * it is about to run and gets harnessgym's admission verdict, then sends one line per call.
 */
public final class SocketCallSink implements CallSink {
    private final Path socket;
    private final PrintStream diagnostics;
    private final SocketChannel channel;
    private final OutputStream out;
    private final MessageReader in;
    private volatile boolean failed;

    public SocketCallSink(Path socket, PrintStream diagnostics) {
        this.socket = socket;
        this.diagnostics = diagnostics;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            out = Channels.newOutputStream(channel);
            in = new MessageReader(Channels.newInputStream(channel), Framing.NDJSON, 1 << 20);
        } catch (IOException e) {
            throw HarnessGymException.badInput(
                    "the call-log socket " + socket + " cannot be reached: " + e.getMessage(), e);
        }
    }

    /**
     * Asks harnessgym whether {@code server} (its manifest, the digest activation vouched for) may
     * run: empty when admitted, else why not.
     */
    public Optional<String> admission(String server, Path manifest, String expectDigest) {
        var hello = Json.object();
        var body = hello.putObject("hello");
        body.put("server", server);
        body.put("manifest", manifest == null ? null : manifest.toString());
        body.put("expect_digest", expectDigest);
        body.put("pid", ProcessHandle.current().pid());
        try {
            synchronized (this) {
                out.write((Json.compact(hello) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            byte[] line = in.read();
            if (line == null) {
                return Optional.of("harnessgym's collector closed the connection");
            }
            JsonNode reply = Json.MAPPER.readTree(line);
            if (reply.path("admitted").asBoolean(false)) {
                return Optional.empty();
            }
            return Optional.of(reply.path("reason").asText("refused by harnessgym's collector"));
        } catch (IOException e) {
            return Optional.of("the call-log socket failed: " + e.getMessage());
        }
    }

    @Override
    public synchronized void submit(CallEvent event) {
        try {
            out.write(event.toLineBytes());
            out.flush();
        } catch (IOException | RuntimeException e) {
            if (!failed) {
                failed = true;
                diagnostics.println(
                        "harnessgym mcp proxy: error: a call was not logged through "
                                + socket
                                + ": "
                                + e.getMessage());
            }
        }
    }

    @Override
    public boolean failed() {
        return failed;
    }

    @Override
    public String target() {
        return "the collector at " + socket;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // every line was written and flushed on its own
        }
    }
}
