package io.harnessgym.mcp.proxy;

import io.harnessgym.text.Terminal;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One launcher's session on a {@link ProxyHost}: who asked ({@code /proc/<pid>}), the verdict on
 * its {@code .out} pipe ({@code serve} or {@code fallback}, one line before the MCP stream), the
 * proxy run on its pipes, and the exit status left in {@code <pid>.status} for the launcher.
 */
final class HostSession {
    static final String SERVE = "serve\n";
    static final String FALLBACK = "fallback\n";

    private final ProxyHost host;
    private final Path dir;
    private final long pid;

    HostSession(ProxyHost host, Path dir, long pid) {
        this.host = host;
        this.dir = dir;
        this.pid = pid;
    }

    /** The launcher's arguments and environment, as a proxy JVM in its place would have had. */
    record Launcher(List<String> args, Map<String, String> env) {}

    void serve() {
        boolean served = false;
        Path out = dir.resolve(pid + ".out");
        Path in = dir.resolve(pid + ".in");
        Path err = dir.resolve(pid + ".err");
        try (OutputStream answer = Fifos.openForWriting(out, ProxyHost.PICK_UP)) {
            if (answer == null) {
                note("its launcher did not open its pipe");
                return;
            }
            Optional<Launcher> launcher = host.closing() ? Optional.empty() : launcher();
            if (launcher.isEmpty()) {
                answer.write(ProxyHost.ascii(FALLBACK));
                return;
            }
            answer.write(ProxyHost.ascii(SERVE));
            answer.flush();
            try (InputStream request = Fifos.openForReading(in, ProxyHost.PICK_UP);
                    OutputStream diagnostics = Fifos.openForWriting(err, ProxyHost.PICK_UP)) {
                unlink(out, in, err);
                if (request == null || diagnostics == null) {
                    note("its launcher did not open its pipes");
                    return;
                }
                served = true;
                PrintStream stderr = new PrintStream(diagnostics, true, StandardCharsets.UTF_8);
                OutputStream stdout = new BufferedOutputStream(answer, 1 << 16);
                Launcher asked = launcher.get();
                int status =
                        ProxyMain.run(
                                asked.args().toArray(String[]::new),
                                request,
                                stdout,
                                stderr,
                                asked.env());
                stdout.flush();
                stderr.flush();
                // Before the pipe closes: the launcher reads the status once its relay ends. Never
                // into a folder made anew: a closing host has renamed its own away.
                writeStatus(status);
            }
        } catch (IOException | RuntimeException e) {
            note(e.getMessage());
        } finally {
            unlink(out, in, err);
            removeStatusWhenGone();
            host.finished(pid, served);
        }
    }

    /**
     * The launcher behind the pid, when it is one this host may serve: alive, this user's, a {@code
     * bin/harnessgym mcp proxy} invocation naming this host's state directory and an absolute
     * workspace. Empty (noted) otherwise.
     */
    private Optional<Launcher> launcher() {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            Object uid = Files.getAttribute(proc, "unix:uid");
            if (!uid.equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
                return declined("another user's process");
            }
            List<String> argv = nulSeparated(Files.readAllBytes(proc.resolve("cmdline")));
            if (argv.size() < 4
                    || !Path.of(argv.get(1)).getFileName().toString().equals("harnessgym")
                    || !argv.get(2).equals("mcp")
                    || !argv.get(3).equals("proxy")) {
                return declined("not a harnessgym launcher of 'mcp proxy'");
            }
            Map<String, String> env = new HashMap<>();
            for (String entry : nulSeparated(Files.readAllBytes(proc.resolve("environ")))) {
                int equals = entry.indexOf('=');
                if (equals > 0) {
                    env.putIfAbsent(entry.substring(0, equals), entry.substring(equals + 1));
                }
            }
            List<String> args = List.copyOf(argv.subList(4, argv.size()));
            ProxyArguments parsed;
            try {
                parsed = ProxyArguments.parse(args.toArray(String[]::new), env);
            } catch (IllegalArgumentException e) {
                return declined("its arguments: " + e.getMessage());
            }
            if (parsed.stateDir() == null
                    || !parsed.stateDir().isAbsolute()
                    || !parsed.workspace().isAbsolute()) {
                return declined("its workspace and state directory must be absolute paths");
            }
            Path asked = parsed.stateDir().normalize();
            if (!(Files.exists(asked) ? asked.toRealPath() : asked).equals(host.stateRoot())) {
                return declined("another state directory");
            }
            return Optional.of(new Launcher(args, Map.copyOf(env)));
        } catch (IOException | RuntimeException e) {
            return declined(e.getMessage());
        }
    }

    private Optional<Launcher> declined(String why) {
        note("not served (" + why + "); its launcher starts its own proxy");
        return Optional.empty();
    }

    /** Ends the launcher and its relays: each proxy then ends its server as a client that left. */
    void endLauncher() {
        ProcessHandle.of(pid)
                .ifPresent(
                        launcher -> {
                            launcher.descendants().forEach(ProcessHandle::destroy);
                            launcher.destroy();
                        });
    }

    private void note(String what) {
        host.notes()
                .accept(
                        "harnessgym: note: proxy host, session of pid "
                                + pid
                                + ": "
                                + Terminal.line(what));
    }

    private static List<String> nulSeparated(byte[] bytes) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                parts.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            parts.add(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
        }
        return parts;
    }

    private void writeStatus(int status) {
        try {
            Files.writeString(
                    dir.resolve(pid + ".status"),
                    status + "\n",
                    StandardCharsets.US_ASCII,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                    java.nio.file.StandardOpenOption.WRITE);
        } catch (IOException e) {
            note("its status was not left for the launcher: " + e.getMessage());
        }
    }

    private static void unlink(Path... paths) {
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // the folder goes with the host
            }
        }
    }

    /** The status file is the launcher's to read; it goes once the launcher has exited. */
    private void removeStatusWhenGone() {
        Path status = dir.resolve(pid + ".status");
        Optional<ProcessHandle> launcher = ProcessHandle.of(pid);
        if (launcher.isEmpty()) {
            unlink(status);
            return;
        }
        launcher.get().onExit().thenRun(() -> unlink(status));
    }
}
