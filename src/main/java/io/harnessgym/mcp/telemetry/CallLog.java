package io.harnessgym.mcp.telemetry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The append-only {@code .harnessgym/mcp_calls.jsonl}. Each event is one line, written with one
 * {@code write} under an exclusive file lock, so any number of proxies (processes) and threads can
 * append at once without losing or mixing a line. The file is never truncated.
 */
public final class CallLog {
    public static final String FILE_NAME = "mcp_calls.jsonl";

    /** Java file locks are per process; threads of one JVM queue on this monitor first. */
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private final Path file;

    public CallLog(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /** The log of a workspace, or the explicit {@code HARNESSGYM_MCP_TELEMETRY_PATH} when set. */
    public static CallLog forWorkspace(Workspace workspace, Map<String, String> env) {
        String explicit = env.get("HARNESSGYM_MCP_TELEMETRY_PATH");
        if (explicit != null && !explicit.isBlank()) {
            return new CallLog(Path.of(explicit));
        }
        return new CallLog(workspace.bundleDir().resolve(FILE_NAME));
    }

    public Path file() {
        return file;
    }

    public void append(ObjectNode event) {
        byte[] line = (Json.compact(event) + "\n").getBytes(StandardCharsets.UTF_8);
        Object monitor = MONITORS.computeIfAbsent(file, key -> new Object());
        synchronized (monitor) {
            try {
                Files.createDirectories(file.getParent());
                try (FileChannel channel =
                                FileChannel.open(
                                        file,
                                        StandardOpenOption.CREATE,
                                        StandardOpenOption.WRITE,
                                        StandardOpenOption.APPEND);
                        FileLock lock = channel.lock()) {
                    ByteBuffer buffer = ByteBuffer.wrap(line);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot append to " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
