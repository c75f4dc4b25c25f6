package io.harnessgym.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child started as the leader of its own process group (through util-linux {@code setsid}, which
 * execs in place, so the child's PID is the group id). Termination signals the whole group:
 * SIGTERM, a grace period, then SIGKILL to whatever is left, even when the leader has already
 * exited, so a grandchild that ignores SIGTERM cannot outlive it.
 */
public final class ProcessGroup implements AutoCloseable {
    private static final String SETSID = findSetsid();

    /**
     * Every group still running, so that a JVM ending on a signal ends them too (they are in their
     * own session).
     */
    private static final java.util.Set<ProcessGroup> LIVE =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(ProcessGroup::terminateAllLive, "harnessgym-process-groups"));
    }

    private final Process process;
    private final boolean ownGroup;

    private ProcessGroup(Process process, boolean ownGroup) {
        this.process = process;
        this.ownGroup = ownGroup;
    }

    /**
     * Starts {@code argv} in {@code cwd} with exactly {@code env}. Stdin, stdout and stderr are
     * pipes unless the builder hook redirects them.
     */
    public static ProcessGroup start(
            List<String> argv,
            Path cwd,
            Map<String, String> env,
            java.util.function.Consumer<ProcessBuilder> redirects)
            throws IOException {
        List<String> command = new ArrayList<>();
        if (SETSID != null) {
            command.add(SETSID);
        }
        command.addAll(argv);
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        redirects.accept(builder);
        ProcessGroup group = new ProcessGroup(builder.start(), SETSID != null);
        LIVE.add(group);
        return group;
    }

    /**
     * On JVM shutdown: SIGTERM to every live group at once, a second's grace in all, then SIGKILL.
     */
    private static void terminateAllLive() {
        List<ProcessGroup> groups = new ArrayList<>(LIVE);
        groups.forEach(group -> group.signalGroup("TERM"));
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < deadline && groups.stream().anyMatch(ProcessGroup::isAnyAlive)) {
            sleep(10);
        }
        groups.stream()
                .filter(ProcessGroup::isAnyAlive)
                .forEach(group -> group.signalGroup("KILL"));
    }

    public static ProcessGroup start(List<String> argv, Path cwd, Map<String, String> env)
            throws IOException {
        return start(argv, cwd, env, builder -> {});
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM to the group, up to {@code grace} for it to empty, then SIGKILL to what remains. */
    public void terminate(Duration grace) {
        if (!isAnyAlive()) {
            // Leader and group are gone already: no signal to send, no process to spawn.
            LIVE.remove(this);
            return;
        }
        signalGroup("TERM");
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && isAnyAlive()) {
            sleep(10);
        }
        if (isAnyAlive()) {
            signalGroup("KILL");
            long killDeadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < killDeadline && isAnyAlive()) {
                sleep(5);
            }
        }
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!isAnyAlive()) {
            LIVE.remove(this);
        }
    }

    /** Whether the leader or any other member of its group is still running. */
    public boolean isAnyAlive() {
        if (process.isAlive()) {
            return true;
        }
        return ownGroup && !groupMembers(process.pid()).isEmpty();
    }

    private void signalGroup(String signal) {
        if (!ownGroup) {
            process.descendants().forEach(child -> destroy(child, signal));
            destroy(process.toHandle(), signal);
            return;
        }
        try {
            Process kill =
                    new ProcessBuilder("kill", "-s", signal, "--", "-" + process.pid())
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                            .start();
            kill.waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            groupMembers(process.pid())
                    .forEach(pid -> ProcessHandle.of(pid).ifPresent(h -> destroy(h, signal)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void destroy(ProcessHandle handle, String signal) {
        if (signal.equals("KILL")) {
            handle.destroyForcibly();
        } else {
            handle.destroy();
        }
    }

    /** PIDs whose process group is {@code pgid}, read from /proc (zombies excluded). */
    static List<Long> groupMembers(long pgid) {
        List<Long> members = new ArrayList<>();
        File[] entries = new File("/proc").listFiles();
        if (entries == null) {
            return members;
        }
        for (File entry : entries) {
            String name = entry.getName();
            if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                continue;
            }
            try {
                String stat = Files.readString(entry.toPath().resolve("stat"));
                // Fields after the command name (which may contain spaces) start after the last
                // ')'.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (!fields[0].equals("Z") && Long.parseLong(fields[2]) == pgid) {
                    members.add(Long.parseLong(name));
                }
            } catch (IOException | RuntimeException e) {
                // The process ended while we looked.
            }
        }
        return members;
    }

    private static String findSetsid() {
        for (String candidate : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (isAnyAlive()) {
            terminate(Duration.ofSeconds(2));
        }
    }
}
