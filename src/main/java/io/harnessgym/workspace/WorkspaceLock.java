package io.harnessgym.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.error.HarnessGymException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One mutating harnessgym process per workspace. The lock file names its holder (PID, the holder's
 * start time, host, command); it appears atomically with its whole content (a hard link of a
 * finished temp file) and is removed on release, including on SIGTERM through a shutdown hook. A
 * lock whose holder is gone (no such PID, or the PID now belongs to a younger process) is stale and
 * is taken over.
 */
public final class WorkspaceLock implements AutoCloseable {
    private static final int ATTEMPTS = 5;

    private final Path file;
    private final String token;
    private final Thread shutdownHook;
    private boolean released;

    private WorkspaceLock(Path file, String token) {
        this.file = file;
        this.token = token;
        this.shutdownHook = new Thread(this::releaseQuietly, "harnessgym-lock-release");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The holder as written in the lock file. */
    public record Holder(
            long pid,
            String startedAt,
            String host,
            String command,
            String acquiredAt,
            String token) {}

    public static WorkspaceLock acquire(Workspace workspace, String command) {
        Path file = workspace.lockFile();
        ConfinedPaths.requireInside(workspace.root(), file, Workspace.BUNDLE_DIR + "/lock");
        String token = UUID.randomUUID().toString();
        ProcessHandle self = ProcessHandle.current();
        Holder content =
                new Holder(
                        self.pid(),
                        self.info().startInstant().map(Instant::toString).orElse(null),
                        hostName(),
                        command,
                        Instant.now().toString(),
                        token);
        try {
            Files.createDirectories(file.getParent());
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if (tryCreate(file, Json.pretty(Json.MAPPER.valueToTree(content)) + "\n")) {
                    return new WorkspaceLock(file, token);
                }
                Optional<Holder> holder = readHolder(file);
                if (holder.isPresent() && isAlive(holder.get())) {
                    Holder h = holder.get();
                    throw HarnessGymException.badInput(
                            "workspace is locked by harnessgym PID "
                                    + h.pid()
                                    + " on "
                                    + h.host()
                                    + " ("
                                    + h.command()
                                    + ", since "
                                    + h.acquiredAt()
                                    + "); "
                                    + "wait for it to finish, or delete "
                                    + file
                                    + " if that process is gone");
                }
                removeStale(file, holder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create lock " + file + ": " + e.getMessage(), e);
        }
        throw HarnessGymException.badInput(
                "could not take the workspace lock " + file + ": other processes keep taking it");
    }

    private static boolean tryCreate(Path file, String content) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID());
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        try {
            Files.createLink(file, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            // No hard links on this file system: fall back to an exclusive create.
            try {
                Files.writeString(
                        file,
                        content,
                        StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException exists) {
                return false;
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The lock's holder, or empty when the file is gone or unreadable (then it is stale garbage).
     */
    public static Optional<Holder> readHolder(Path file) {
        try {
            JsonNode node = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (node == null || !node.isObject() || !node.path("pid").canConvertToLong()) {
                return Optional.empty();
            }
            return Optional.of(
                    new Holder(
                            node.path("pid").asLong(),
                            text(node, "started_at"),
                            text(node, "host"),
                            text(node, "command"),
                            text(node, "acquired_at"),
                            text(node, "token")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * A holder on another host cannot be checked and counts as alive. On this host it is alive when
     * its PID runs and, where both start times are known, the process started when the lock says.
     */
    static boolean isAlive(Holder holder) {
        if (holder.host() != null && !holder.host().equals(hostName())) {
            return true;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(holder.pid());
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        Optional<Instant> started = process.get().info().startInstant();
        if (holder.startedAt() == null || started.isEmpty()) {
            return true;
        }
        return started.get().toString().equals(holder.startedAt());
    }

    private static void removeStale(Path file, Optional<Holder> seen) throws IOException {
        // Re-read just before deleting, so that a lock another process has just taken over is kept.
        Optional<Holder> now = readHolder(file);
        String seenToken = seen.map(Holder::token).orElse(null);
        String nowToken = now.map(Holder::token).orElse(null);
        if (java.util.Objects.equals(seenToken, nowToken)) {
            try {
                Files.delete(file);
            } catch (NoSuchFileException ignored) {
                // Someone else cleaned it up first.
            }
        }
    }

    /**
     * The kernel's host name where it can be read cheaply; a DNS lookup only as the last resort.
     */
    private static String hostName() {
        for (String candidate : new String[] {"/proc/sys/kernel/hostname", "/etc/hostname"}) {
            try {
                String host = Files.readString(Path.of(candidate), StandardCharsets.UTF_8).trim();
                if (!host.isEmpty()) {
                    return host;
                }
            } catch (IOException | RuntimeException ignored) {
                // Try the next source.
            }
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private synchronized void releaseQuietly() {
        if (released) {
            return;
        }
        released = true;
        Optional<Holder> holder = readHolder(file);
        if (holder.isPresent() && token.equals(holder.get().token())) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // Left behind, it is recognised as stale next time.
            }
        }
    }

    @Override
    public void close() {
        releaseQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // Already shutting down: the hook runs releaseQuietly, which is idempotent.
        }
    }
}
