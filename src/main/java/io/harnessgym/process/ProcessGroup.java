package io.harnessgym.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A child started as the leader of its own process group (through util-linux {@code setsid}, which
 * execs in place, so the child's PID is the group id), inside a {@link Containment} that also holds
 * what leaves the group. Termination signals the whole group: SIGTERM, a grace period, then SIGKILL
 * to whatever is left of the group and of the containment, even when the leader has already exited,
 * so a grandchild that ignores SIGTERM (or called {@code setsid()}) cannot outlive it.
 */
public final class ProcessGroup implements AutoCloseable {
    private static final String SETSID = findSetsid();

    /**
     * Every group still running, so that a JVM ending on a signal ends them too (they are in their
     * own session).
     */
    private static final java.util.Set<ProcessGroup> LIVE =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Samples /proc-tracked trees while they run (a cgroup needs no sampling). */
    private static final ScheduledExecutorService SAMPLER =
            Executors.newSingleThreadScheduledExecutor(
                    runnable -> {
                        Thread thread = new Thread(runnable, "harnessgym-process-tree");
                        thread.setDaemon(true);
                        return thread;
                    });

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(ProcessGroup::terminateAllLive, "harnessgym-process-groups"));
    }

    private final Process process;
    private final boolean ownGroup;
    private final Containment containment;
    private final ScheduledFuture<?> sampling;

    private ProcessGroup(Process process, boolean ownGroup, Containment containment) {
        this.process = process;
        this.ownGroup = ownGroup;
        this.containment = containment;
        this.sampling =
                containment instanceof Containment.ProcScan
                        ? SAMPLER.scheduleWithFixedDelay(
                                () -> containment.observe(process.pid()),
                                0,
                                100,
                                TimeUnit.MILLISECONDS)
                        : null;
    }

    /**
     * Starts {@code argv} in {@code cwd} with exactly {@code env}, in a fresh containment. Stdin,
     * stdout and stderr are pipes unless the builder hook redirects them.
     */
    public static ProcessGroup start(
            List<String> argv,
            Path cwd,
            Map<String, String> env,
            java.util.function.Consumer<ProcessBuilder> redirects)
            throws IOException {
        return start(argv, cwd, env, redirects, Containment.create());
    }

    /** {@link #start(List, Path, Map, java.util.function.Consumer)} in the containment given. */
    public static ProcessGroup start(
            List<String> argv,
            Path cwd,
            Map<String, String> env,
            java.util.function.Consumer<ProcessBuilder> redirects,
            Containment containment)
            throws IOException {
        List<String> command = new ArrayList<>();
        if (SETSID != null) {
            command.add(SETSID);
        }
        command.addAll(argv);
        ProcessBuilder builder =
                new ProcessBuilder(containment.wrap(command)).directory(cwd.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        redirects.accept(builder);
        Process started;
        try {
            started = builder.start();
        } catch (IOException e) {
            containment.release();
            throw e;
        }
        ProcessGroup group = new ProcessGroup(started, SETSID != null, containment);
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
        groups.forEach(ProcessGroup::killEverything);
        groups.forEach(group -> group.containment.release());
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

    /** {@code cgroup} or {@code proc}: how the tree was held. */
    public String containment() {
        return containment.kind();
    }

    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * SIGTERM to the group, up to {@code grace} for it to empty, then SIGKILL to what remains of
     * the group and of the containment (a descendant that left the group is not asked first: it
     * chose to detach).
     */
    public void terminate(Duration grace) {
        if (isAnyAlive()) {
            signalGroup("TERM");
            long deadline = System.nanoTime() + grace.toNanos();
            while (System.nanoTime() < deadline && groupAlive()) {
                sleep(10);
            }
        }
        killEverything();
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!isAnyAlive()) {
            if (sampling != null) {
                sampling.cancel(false);
            }
            containment.release();
            LIVE.remove(this);
        }
    }

    private void killEverything() {
        if (groupAlive()) {
            signalGroup("KILL");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        do {
            containment.killAll(process.pid());
            if (!isAnyAlive()) {
                return;
            }
            sleep(5);
        } while (System.nanoTime() < deadline);
    }

    /** Whether the leader, any member of its group, or any process of its containment runs. */
    public boolean isAnyAlive() {
        return groupAlive() || containment.anyAlive(process.pid());
    }

    private boolean groupAlive() {
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
            String[] fields = Containment.ProcScan.statFields(Long.parseLong(name));
            if (fields != null && !fields[0].equals("Z") && Long.parseLong(fields[2]) == pgid) {
                members.add(Long.parseLong(name));
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
        terminate(Duration.ofSeconds(2));
    }
}
