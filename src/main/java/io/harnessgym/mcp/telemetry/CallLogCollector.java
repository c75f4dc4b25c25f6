package io.harnessgym.mcp.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.framing.FramingException;
import io.harnessgym.mcp.framing.MessageReader;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * harnessgym's end of the call log for proxies that run as another user (Claude Code as an
 * unprivileged agent user): a unix socket on which it accepts only peers of that user (checked with
 * {@code SO_PEERCRED}), answers each proxy's admission question from the private records, and
 * appends its call records to the log in the private state directory, which that user cannot reach.
 * The records' scope (run, iteration, phase, trial) is set by the collector, not taken from the
 * peer; a line that is not a call record, or names another server than the proxy was admitted for,
 * is counted as rejected and never written. Claude's sandboxed shell cannot create unix sockets at
 * all, and the bundle's servers run where the socket's folder is hidden.
 */
public final class CallLogCollector implements AutoCloseable {
    /** One proxy's question: which server, from which manifest, at which vouched digest. */
    public record Hello(String server, Path manifest, String expectDigest) {}

    private static final int MAX_LINE = 1 << 20;
    private final Path socket;
    private final CallLog log;
    private final String peerUser;
    private final Scope scope;
    private final Function<Hello, Optional<String>> admission;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong written =
            new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong rejected =
            new java.util.concurrent.atomic.AtomicLong();

    public CallLogCollector(
            Path socket,
            CallLog log,
            String peerUser,
            Scope scope,
            Function<Hello, Optional<String>> admission)
            throws IOException {
        this.socket = socket;
        this.log = log;
        this.peerUser = peerUser;
        this.scope = scope;
        this.admission = admission;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        // Any local user may connect; the peer's user is checked on every connection.
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        acceptor = new Thread(this::accept, "harnessgym-call-log-collector");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public Path socket() {
        return socket;
    }

    /** Records written to the log so far. */
    public long written() {
        return written.get();
    }

    /** Connections and lines refused so far (wrong user, not a record, wrong server). */
    public long rejected() {
        return rejected.get();
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                connections.add(channel);
                Thread reader = new Thread(() -> serve(channel), "harnessgym-call-log-peer");
                reader.setDaemon(true);
                readers.add(reader);
                reader.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            String user =
                    channel.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName();
            if (peerUser != null && !peerUser.equals(user)) {
                rejected.incrementAndGet();
                return;
            }
            MessageReader in =
                    new MessageReader(Channels.newInputStream(channel), Framing.NDJSON, MAX_LINE);
            OutputStream out = Channels.newOutputStream(channel);
            JsonNode hello = object(next(in));
            if (hello == null || !hello.path("hello").isObject()) {
                rejected.incrementAndGet();
                return;
            }
            JsonNode h = hello.get("hello");
            String name = h.path("server").asText("");
            String manifest = h.path("manifest").asText(null);
            Optional<String> refusal =
                    admission.apply(
                            new Hello(
                                    name,
                                    manifest == null ? null : Path.of(manifest),
                                    h.path("expect_digest").asText(null)));
            ObjectNode reply = Json.object();
            reply.put("admitted", refusal.isEmpty());
            refusal.ifPresent(reason -> reply.put("reason", reason));
            out.write((Json.compact(reply) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            byte[] line;
            while ((line = next(in)) != null) {
                JsonNode event = object(line);
                if (event == null
                        || !event.path("tool_name").isTextual()
                        || !event.path("status").isTextual()
                        || !name.equals(event.path("server").asText())) {
                    rejected.incrementAndGet();
                    continue;
                }
                ObjectNode record = (ObjectNode) event;
                record.put("run_id", scope.runId());
                record.put("iteration", scope.iteration());
                record.put("phase", scope.phase());
                record.put("trial", scope.trial());
                record.put("via", "socket");
                log.append(record);
                written.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            // the peer went away or sent garbage: nothing more from it
        } finally {
            connections.remove(channel);
        }
    }

    private static JsonNode object(byte[] line) {
        if (line == null) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(new String(line, StandardCharsets.UTF_8));
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The next line, null at the end; a line that is not UTF-8 comes back empty (refused as no
     * record), a line over 1 MiB ends the connection.
     */
    private static byte[] next(MessageReader in) throws IOException {
        try {
            return in.read();
        } catch (FramingException e) {
            if (e.recoverable()) {
                return new byte[0];
            }
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        try {
            acceptor.join(2000);
            // The phase's processes are gone: what their proxies sent is read to its end first.
            long deadline = System.nanoTime() + 3_000_000_000L;
            for (Thread reader : readers) {
                reader.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            for (SocketChannel channel : connections) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing
                }
            }
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // left for state gc
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
