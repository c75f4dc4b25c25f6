package io.harnessgym.mcp.proxy;

import io.harnessgym.workspace.AtomicFiles;
import io.harnessgym.workspace.FileTrees;
import io.harnessgym.workspace.StateDir;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A warm JVM serving the proxy sessions of an agent run: a fresh proxy JVM spends its first ~100
 * calls in the interpreter and ~150 ms starting (docs/mcp.md), an agent session is short, and one
 * proxy starts per server per session. While a host serves a state directory, the launcher ({@code
 * bin/harnessgym mcp proxy ...}) hands its session to it instead of starting a JVM: it makes three
 * named pipes in the host's folder ({@code <pid>.out}, {@code .in}, {@code .err}), writes its pid
 * to {@code control}, and relays its stdin, stdout and stderr through them with {@code cat}.
 *
 * <p>The host takes the session's arguments and environment from {@code /proc/<pid>/cmdline} and
 * {@code /proc/<pid>/environ}, exactly what a proxy JVM started in its place would have had, and
 * runs the same {@link ProxyMain#run} on the pipes: admission, confinement and the call log are
 * unchanged. The folder is inside the private state directory (mode 0700, out of sight of every
 * confined process), so only harnessgym's own user outside any sandbox can reach it. A request it
 * will not serve (not a launcher of this user, another state directory, a host that is closing) is
 * answered {@code fallback}: that launcher starts its own proxy JVM, as it does with no host.
 */
public final class ProxyHost implements AutoCloseable {
    /** The host's folder inside the state directory. */
    public static final String DIR = "proxy-host";

    /** How long a session's launcher has to open its pipes. */
    static final Duration PICK_UP = Duration.ofSeconds(5);

    /** How long a closing host still answers requests already on their way. */
    static final Duration DRAIN = Duration.ofMillis(200);

    /** A host warms up until the JIT's top tier has compiled the call path. */
    private static final int WARM_UP_ROUNDS = 20_000;

    private static final long WARM_UP_NANOS = 1_500_000_000L;

    private static final AtomicBoolean WARMED = new AtomicBoolean();

    private final Path dir;
    private final Path stateRoot;
    private final Consumer<String> notes;
    private final FileChannel control;
    private final Thread reader;
    private final Map<Long, HostSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger declined = new AtomicInteger();
    private volatile boolean closing;
    private volatile Path liveDir;

    private ProxyHost(Path dir, Path stateRoot, Consumer<String> notes, FileChannel control) {
        this.dir = dir;
        this.liveDir = dir;
        this.stateRoot = stateRoot;
        this.notes = notes;
        this.control = control;
        this.reader = new Thread(this::readRequests, "harnessgym-host-control");
        this.reader.setDaemon(true);
    }

    /**
     * Starts a host for {@code state}, or returns empty (with one line to {@code notes}) when
     * another live host serves it or the folder cannot be made; sessions then start their own JVM.
     */
    public static java.util.Optional<ProxyHost> open(StateDir state, Consumer<String> notes) {
        Path dir = state.root().resolve(DIR);
        try {
            state.ensure();
            Long other = livePid(dir.resolve("pid"));
            if (other != null && other != ProcessHandle.current().pid()) {
                notes.accept(
                        "harnessgym: note: the proxy host (pid "
                                + other
                                + ") already serves "
                                + state.root());
                return java.util.Optional.empty();
            }
            FileTrees.delete(dir);
            Files.createDirectory(
                    dir,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
            Path controlPath = dir.resolve("control");
            Fifos.make(controlPath);
            // Read-write: the open never blocks, and the host never reads an end of file when a
            // launcher closes its side.
            FileChannel control =
                    FileChannel.open(
                            controlPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
            ProxyHost host = new ProxyHost(dir, state.root().toRealPath(), notes, control);
            warmUpOnce();
            host.reader.start();
            AtomicFiles.writeString(dir.resolve("pid"), ProcessHandle.current().pid() + "\n");
            return java.util.Optional.of(host);
        } catch (IOException | RuntimeException e) {
            notes.accept(
                    "harnessgym: note: no proxy host for "
                            + state.root()
                            + " (each session starts its own proxy): "
                            + e.getMessage());
            return java.util.Optional.empty();
        }
    }

    /** The host's folder (while it serves). */
    public Path dir() {
        return dir;
    }

    /** Sessions served so far. */
    public int served() {
        return served.get();
    }

    /** Requests answered {@code fallback} so far. */
    public int declined() {
        return declined.get();
    }

    /** Sessions still running. */
    public int active() {
        return sessions.size();
    }

    Consumer<String> notes() {
        return notes;
    }

    Path stateRoot() {
        return stateRoot;
    }

    boolean closing() {
        return closing;
    }

    void finished(long pid, boolean wasServed) {
        sessions.remove(pid);
        (wasServed ? served : declined).incrementAndGet();
    }

    /** The pid written by a host in {@code pidFile}, when that process is alive; null otherwise. */
    private static Long livePid(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? pid : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** One pid per line; anything else is noted and skipped. */
    private void readRequests() {
        InputStream in = Channels.newInputStream(control);
        StringBuilder line = new StringBuilder();
        byte[] buffer = new byte[512];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        request(line.toString());
                        line.setLength(0);
                    } else if (line.length() < 32) {
                        line.append((char) (b & 0xff));
                    }
                }
            }
        } catch (IOException e) {
            if (!closing) {
                notes.accept(
                        "harnessgym: error: the proxy host stopped reading requests: "
                                + e.getMessage());
            }
        }
    }

    private void request(String line) {
        if (line.isEmpty()) {
            return; // the wake-up of close()
        }
        long pid;
        try {
            pid = Long.parseLong(line.strip());
        } catch (NumberFormatException e) {
            notes.accept(
                    "harnessgym: note: the proxy host ignored a request that is not a pid: "
                            + io.harnessgym.text.Terminal.clean(line));
            return;
        }
        if (pid <= 1 || sessions.containsKey(pid)) {
            return;
        }
        HostSession session = new HostSession(this, liveDir, pid);
        sessions.put(pid, session);
        Thread thread = new Thread(session::serve, "harnessgym-host-session-" + pid);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops taking sessions: the folder is renamed away first (a launcher that has not made its
     * pipes yet finds no host and starts its own proxy), requests already sent are answered {@code
     * fallback} for {@link #DRAIN}, then sessions still running have their launchers ended (their
     * relays close, each proxy ends its server as when a client leaves) and are waited for.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        Path away = dir.resolveSibling(DIR + ".closing-" + ProcessHandle.current().pid());
        try {
            FileTrees.delete(away);
            Files.move(dir, away);
            liveDir = away;
            Files.deleteIfExists(away.resolve("pid"));
        } catch (IOException e) {
            notes.accept("harnessgym: note: the proxy host's folder: " + e.getMessage());
        }
        sleep(DRAIN);
        try {
            control.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (HostSession session : sessions.values()) {
            session.endLauncher();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!sessions.isEmpty() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(20));
        }
        if (!sessions.isEmpty()) {
            notes.accept(
                    "harnessgym: warning: "
                            + sessions.size()
                            + " proxy session(s) still running when the host closed");
        }
        try {
            FileTrees.delete(liveDir);
        } catch (IOException e) {
            notes.accept("harnessgym: note: the proxy host's folder: " + e.getMessage());
        }
    }

    /** The call path compiled once per JVM, on a thread of its own, while the agent starts. */
    private static void warmUpOnce() {
        if (WARMED.compareAndSet(false, true)) {
            Thread warm =
                    new Thread(
                            () -> {
                                ProxyWarmUp.runWithJson();
                                ProxyWarmUp.run(WARM_UP_ROUNDS, WARM_UP_NANOS);
                            },
                            "harnessgym-host-warmup");
            warm.setDaemon(true);
            warm.setPriority(Thread.MIN_PRIORITY);
            warm.start();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
