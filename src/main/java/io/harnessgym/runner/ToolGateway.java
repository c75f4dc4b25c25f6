package io.harnessgym.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.framing.FramingException;
import io.harnessgym.mcp.framing.MessageReader;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.process.ProcessResult;
import io.harnessgym.process.ProcessRunner;
import io.harnessgym.process.ProcessSpec;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a confined agent (the command and scripted runners, under bubblewrap) calls a bundle tool:
 * {@code harnessgym mcp call} inside the sandbox cannot reach the private records or the call log,
 * so, given {@code HARNESSGYM_TOOL_SOCKET}, it hands its arguments to this gateway, which runs the
 * same {@code mcp call} outside the sandbox (harnessgym's own process, with the phase's scope), so
 * the call goes through the proxy and is logged like any other. The agent can ask for calls, never
 * write a record; only {@code mcp call}'s own options pass.
 */
public final class ToolGateway implements AutoCloseable {
    public static final String ENV = "HARNESSGYM_TOOL_SOCKET";
    private static final Set<String> VALUED =
            Set.of("--server", "--tool", "--arguments", "--timeout");
    private static final Set<String> FLAGS = Set.of("--list-tools", "--raw", "--json");
    private static final int MAX_LINE = 4 << 20;

    private final ServerSocketChannel server;
    private final Path socket;
    private final List<String> base;
    private final Map<String, String> env;
    private final Path cwd;
    private final Thread acceptor;
    private volatile int calls;

    public ToolGateway(
            Path socket,
            ProxyLauncher launcher,
            Workspace workspace,
            StateDir state,
            Map<String, String> env)
            throws IOException {
        this.socket = socket;
        this.env = Map.copyOf(env);
        this.cwd = workspace.root();
        List<String> argv = new ArrayList<>();
        argv.add(launcher.command());
        argv.addAll(launcher.prefixArgs());
        argv.addAll(
                List.of(
                        "mcp",
                        "call",
                        "--workspace",
                        workspace.root().toString(),
                        "--state-dir",
                        state.root().toString()));
        this.base = List.copyOf(argv);
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        acceptor = new Thread(this::accept, "harnessgym-tool-gateway");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public Path socket() {
        return socket;
    }

    /** Calls served so far. */
    public int calls() {
        return calls;
    }

    private void accept() {
        while (server.isOpen()) {
            try (SocketChannel channel = server.accept()) {
                serve(channel);
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    private void serve(SocketChannel channel) throws IOException {
        MessageReader in =
                new MessageReader(Channels.newInputStream(channel), Framing.NDJSON, MAX_LINE);
        OutputStream out = Channels.newOutputStream(channel);
        ObjectNode reply = Json.object();
        String line;
        try {
            byte[] bytes = in.read();
            line = bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        } catch (FramingException e) {
            line = null; // too long, or not UTF-8: refused below
        }
        List<String> args = line == null ? null : arguments(line);
        if (args == null) {
            reply.put("exit", 2);
            reply.put("stdout", "");
            reply.put(
                    "stderr",
                    "harnessgym: error: the tool gateway takes only mcp call's own options\n");
        } else {
            calls++;
            List<String> argv = new ArrayList<>(base);
            argv.addAll(args);
            ProcessResult result =
                    ProcessRunner.run(
                            new ProcessSpec(
                                    argv,
                                    cwd,
                                    env,
                                    new ProcessSpec.Stdin.Empty(),
                                    new ProcessSpec.Output.Tail(MAX_LINE),
                                    new ProcessSpec.Output.Tail(64 << 10),
                                    Duration.ofMinutes(10),
                                    Duration.ofSeconds(2)));
            reply.put("exit", result.exitCode() == null ? 4 : result.exitCode());
            reply.put("stdout", result.stdout());
            reply.put("stderr", result.stderr());
        }
        out.write((Json.compact(reply) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The request's arguments when every one is an {@code mcp call} option, else null. */
    static List<String> arguments(String line) {
        try {
            JsonNode request = Json.MAPPER.readTree(line);
            JsonNode args = request.path("args");
            if (!args.isArray()) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i).asText();
                if (!args.get(i).isTextual()) {
                    return null;
                }
                if (FLAGS.contains(arg)) {
                    out.add(arg);
                } else if (VALUED.contains(arg)
                        && i + 1 < args.size()
                        && args.get(i + 1).isTextual()) {
                    out.add(arg);
                    out.add(args.get(++i).asText());
                } else {
                    return null;
                }
            }
            return out;
        } catch (IOException e) {
            return null;
        }
    }

    /** The client side: sends {@code args} to the gateway at {@code socket}; returns its reply. */
    public static JsonNode call(Path socket, List<String> args) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ObjectNode request = Json.object();
            var array = request.putArray("args");
            args.forEach(array::add);
            OutputStream out = Channels.newOutputStream(channel);
            out.write((Json.compact(request) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            byte[] line =
                    new MessageReader(
                                    Channels.newInputStream(channel),
                                    Framing.NDJSON,
                                    MessageReader.DEFAULT_MAX_BYTES)
                            .read();
            if (line == null) {
                throw new IOException("the tool gateway closed the connection");
            }
            return Json.MAPPER.readTree(line);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(2000);
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // left for the next phase to replace
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
