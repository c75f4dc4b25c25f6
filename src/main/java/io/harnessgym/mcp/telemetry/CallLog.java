package io.harnessgym.mcp.telemetry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
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
 * The append-only call log, {@code mcp_calls.jsonl} in the private state directory. Each event is
 * one line, written with one {@code write} under an exclusive file lock, so any number of proxies
 * (processes) and threads can append at once without losing or mixing a line. The file is never
 * truncated.
 */
public final class CallLog {
    public static final String FILE_NAME = "mcp_calls.jsonl";

    /** Java file locks are per process; threads of one JVM queue on this monitor first. */
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private final Path file;
    private final StateDir state;

    public CallLog(Path file) {
        this(file, null);
    }

    private CallLog(Path file, StateDir state) {
        this.file = file.toAbsolutePath().normalize();
        this.state = state;
    }

    /** The folder, created private (mode 0700) when it is a state directory. */
    private void ensureFolder() throws IOException {
        if (state != null) {
            try {
                state.ensure();
            } catch (io.harnessgym.error.HarnessGymException e) {
                throw new IOException(e.getMessage(), e);
            }
        } else {
            Files.createDirectories(file.getParent());
        }
    }

    /**
     * The log of a workspace: always in its private state directory, never in the workspace and
     * never where an environment variable points (the agent sets the proxy's environment).
     */
    public static CallLog of(StateDir state) {
        return new CallLog(state.callLog(), state);
    }

    /** The file, opened to append (its folder and the file created when missing). */
    FileChannel openForAppend() throws IOException {
        if (!Files.isDirectory(file.getParent())) {
            ensureFolder();
        }
        return FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    public Path file() {
        return file;
    }

    /**
     * The one way a line goes into the log: one {@code write} under the exclusive file lock. The
     * caller keeps threads of its own JVM apart (file locks are per process).
     */
    static void writeLine(FileChannel channel, byte[] line) throws IOException {
        try (FileLock lock = channel.lock()) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    /**
     * What every writer of this file in this JVM holds around {@link #writeLine}: one JVM may run
     * many proxy sessions (the proxy host), each with its own channel, and a second lock of the
     * same file in one process fails where it would wait across processes.
     */
    Object monitor() {
        return MONITORS.computeIfAbsent(file, key -> new Object());
    }

    /** Appends one JSON object as a line (opening the file for this line alone). */
    public void append(ObjectNode event) {
        byte[] line = (Json.compact(event) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (monitor()) {
            try (FileChannel channel = openForAppend()) {
                writeLine(channel, line);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot append to " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
