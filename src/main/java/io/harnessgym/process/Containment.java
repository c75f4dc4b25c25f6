package io.harnessgym.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What keeps track of every process a child starts, also those that leave its process group ({@code
 * setsid()}) and ignore SIGTERM, so that none survives the command.
 *
 * <ul>
 *   <li>{@link Cgroup}: a cgroup v2 of its own per child, where the machine lets harnessgym create
 *       one (as root, or in a delegated subtree). The child enters it before its command runs;
 *       whatever it forks stays inside, and {@code cgroup.kill} (or SIGKILL to each member) ends
 *       them all. Nothing can escape but by a privileged cgroup move.
 *   <li>{@link ProcScan}: otherwise, descendants are found through {@code /proc} (parent links)
 *       while the child runs and when it is ended, and each one seen is killed by PID and start
 *       time. A process that detaches (double fork and {@code setsid}) and whose parent exits
 *       between two scans can escape; docs/trust.md says so.
 * </ul>
 */
public sealed interface Containment permits Containment.Cgroup, Containment.ProcScan {
    /** How it is shown in records: {@code cgroup} or {@code proc}. */
    String kind();

    /** The argv to run instead of {@code argv}, so the child starts inside. */
    List<String> wrap(List<String> argv);

    /** Remembers the descendants it can see now (called while the child runs). */
    void observe(long leaderPid);

    /** Whether any process of the tree is still alive. */
    boolean anyAlive(long leaderPid);

    /** SIGKILL to every process of the tree. */
    void killAll(long leaderPid);

    /** Releases what it holds (the cgroup folder), once the tree is empty. */
    void release();

    /** A fresh containment for one child: a cgroup when one can be made, else /proc tracking. */
    static Containment create() {
        return Cgroup.create().<Containment>map(c -> c).orElseGet(ProcScan::new);
    }

    /** A cgroup v2 of its own. */
    final class Cgroup implements Containment {
        private static final AtomicLong COUNTER = new AtomicLong();
        private static final Optional<Path> PARENT = findParent();
        private final Path dir;

        private Cgroup(Path dir) {
            this.dir = dir;
        }

        static Optional<Cgroup> create() {
            if (PARENT.isEmpty()) {
                return Optional.empty();
            }
            if (SWEPT.compareAndSet(false, true)) {
                sweepOrphans(PARENT.get());
            }
            Path dir =
                    PARENT.get()
                            .resolve(
                                    "harnessgym-"
                                            + ProcessHandle.current().pid()
                                            + "-"
                                            + COUNTER.incrementAndGet());
            try {
                Files.createDirectory(dir);
                if (!Files.isWritable(dir.resolve("cgroup.procs"))) {
                    Files.deleteIfExists(dir);
                    return Optional.empty();
                }
                return Optional.of(new Cgroup(dir));
            } catch (IOException | SecurityException e) {
                return Optional.empty();
            }
        }

        private static final java.util.concurrent.atomic.AtomicBoolean SWEPT =
                new java.util.concurrent.atomic.AtomicBoolean();

        /**
         * Ends what harnessgym processes that were killed outright (SIGKILL, an agent CLI ending
         * its proxies) left behind: in each cgroup of ours whose owner is no longer alive, every
         * process is killed ({@code cgroup.kill}: nothing will ever end them otherwise) and the
         * emptied cgroup removed. Runs once per JVM when the first cgroup is made, and from {@code
         * harnessgym state gc}. A cgroup of a live process is left alone. Returns how many orphaned
         * cgroups it ended.
         */
        public static int sweepOrphans() {
            return PARENT.map(Cgroup::sweepOrphans).orElse(0);
        }

        static int sweepOrphans(Path parent) {
            java.util.regex.Pattern owned =
                    java.util.regex.Pattern.compile("harnessgym-(\\d+)-\\d+");
            int swept = 0;
            try (java.util.stream.Stream<Path> entries = Files.list(parent)) {
                for (Path dir : (Iterable<Path>) entries::iterator) {
                    java.util.regex.Matcher m = owned.matcher(dir.getFileName().toString());
                    boolean ownerAlive =
                            m.matches()
                                    && ProcessHandle.of(Long.parseLong(m.group(1)))
                                            .map(ProcessHandle::isAlive)
                                            .orElse(false);
                    if (m.matches() && !ownerAlive && endOrphan(dir)) {
                        swept++;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Sweeping is a courtesy; a cgroup left over costs a name, and what runs in it
                // is tried again next time.
            }
            return swept;
        }

        private static boolean endOrphan(Path dir) {
            try {
                if (populated(dir)) {
                    Files.writeString(dir.resolve("cgroup.kill"), "1");
                    for (int i = 0; i < 100 && populated(dir); i++) {
                        Thread.sleep(10);
                    }
                }
                Files.delete(dir);
                return true;
            } catch (IOException | RuntimeException e) {
                return false; // not ours to end, or still emptying: next time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private static boolean populated(Path dir) throws IOException {
            for (String line : Files.readAllLines(dir.resolve("cgroup.events"))) {
                if (line.startsWith("populated ")) {
                    return !line.endsWith(" 0");
                }
            }
            return false;
        }

        /** Where this JVM creates its children's cgroups, when it can. */
        public static Optional<Path> parent() {
            return PARENT;
        }

        /**
         * The cgroup v2 this JVM is in, when it is mounted and we may create a child there; found
         * from /proc/self/mountinfo and /proc/self/cgroup.
         */
        private static Optional<Path> findParent() {
            try {
                Path mount = null;
                for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                    String[] halves = line.split(" - ", 2);
                    if (halves.length == 2 && halves[1].startsWith("cgroup2 ")) {
                        mount = Path.of(halves[0].split(" ")[4]);
                        break;
                    }
                }
                if (mount == null) {
                    return Optional.empty();
                }
                String own = null;
                for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                    if (line.startsWith("0::")) {
                        own = line.substring(3);
                    }
                }
                if (own == null) {
                    return Optional.empty();
                }
                Path parent = mount.resolve(own.replaceFirst("^/", "")).normalize();
                if (!parent.startsWith(mount) || !Files.isWritable(parent)) {
                    return Optional.empty();
                }
                return Optional.of(parent);
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        @Override
        public String kind() {
            return "cgroup";
        }

        /**
         * {@code sh -c 'echo $$ > "$1" && shift && exec "$@"' sh <cgroup.procs> argv...}: a fixed
         * script; the path and the command are positional arguments, never part of the script.
         */
        @Override
        public List<String> wrap(List<String> argv) {
            List<String> wrapped = new ArrayList<>();
            wrapped.add("/bin/sh");
            wrapped.add("-c");
            wrapped.add("echo $$ > \"$1\" && shift && exec \"$@\"");
            wrapped.add("harnessgym-cgroup");
            wrapped.add(dir.resolve("cgroup.procs").toString());
            wrapped.addAll(argv);
            return wrapped;
        }

        @Override
        public void observe(long leaderPid) {
            // The cgroup holds them all; nothing to remember.
        }

        @Override
        public boolean anyAlive(long leaderPid) {
            return !members().isEmpty();
        }

        private List<Long> members() {
            List<Long> pids = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                    if (!line.isBlank()) {
                        pids.add(Long.parseLong(line.strip()));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // Gone already.
            }
            pids.removeIf(ProcScan::isZombie);
            return pids;
        }

        @Override
        public void killAll(long leaderPid) {
            Path kill = dir.resolve("cgroup.kill");
            try {
                if (Files.exists(kill)) {
                    Files.writeString(kill, "1");
                    return;
                }
            } catch (IOException e) {
                // Older kernel: one by one below.
            }
            for (Long pid : members()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }

        @Override
        public void release() {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // Still members (zombies waiting for their parent): the kernel keeps it briefly.
            }
        }
    }

    /** Descendants found through /proc, remembered by PID and start time. */
    final class ProcScan implements Containment {
        /** PID to its start time (field 22 of /proc/PID/stat), for every descendant seen. */
        private final Map<Long, String> seen = new HashMap<>();

        @Override
        public String kind() {
            return "proc";
        }

        @Override
        public List<String> wrap(List<String> argv) {
            return argv;
        }

        @Override
        public synchronized void observe(long leaderPid) {
            Map<Long, Long> parents = parents();
            for (Map.Entry<Long, Long> entry : parents.entrySet()) {
                if (isDescendant(entry.getKey(), leaderPid, parents)) {
                    seen.putIfAbsent(entry.getKey(), startTime(entry.getKey()));
                }
            }
        }

        private static boolean isDescendant(long pid, long ancestor, Map<Long, Long> parents) {
            long current = pid;
            for (int depth = 0; depth < 64; depth++) {
                Long parent = parents.get(current);
                if (parent == null || parent <= 1) {
                    return false;
                }
                if (parent == ancestor) {
                    return true;
                }
                current = parent;
            }
            return false;
        }

        @Override
        public synchronized boolean anyAlive(long leaderPid) {
            seen.entrySet().removeIf(entry -> !sameProcess(entry.getKey(), entry.getValue()));
            return !seen.isEmpty();
        }

        @Override
        public synchronized void killAll(long leaderPid) {
            observe(leaderPid);
            for (Map.Entry<Long, String> entry : seen.entrySet()) {
                if (sameProcess(entry.getKey(), entry.getValue())) {
                    ProcessHandle.of(entry.getKey()).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }

        @Override
        public void release() {
            // Nothing held.
        }

        private static boolean sameProcess(long pid, String startTime) {
            String now = startTime(pid);
            return now != null && now.equals(startTime) && !isZombie(pid);
        }

        /** Every live PID and its parent, from /proc. */
        private static Map<Long, Long> parents() {
            Map<Long, Long> parents = new HashMap<>();
            java.io.File[] entries = new java.io.File("/proc").listFiles();
            if (entries == null) {
                return parents;
            }
            for (java.io.File entry : entries) {
                String name = entry.getName();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                String[] fields = statFields(Long.parseLong(name));
                if (fields != null && !fields[0].equals("Z")) {
                    parents.put(Long.parseLong(name), Long.parseLong(fields[1]));
                }
            }
            return parents;
        }

        static boolean isZombie(long pid) {
            String[] fields = statFields(pid);
            return fields == null || fields[0].equals("Z");
        }

        private static String startTime(long pid) {
            String[] fields = statFields(pid);
            return fields == null || fields.length < 20 ? null : fields[19];
        }

        /** The fields of /proc/PID/stat after the command name: state, ppid, pgrp, ... */
        static String[] statFields(long pid) {
            try {
                String stat =
                        new String(
                                Files.readAllBytes(Path.of("/proc", Long.toString(pid), "stat")),
                                StandardCharsets.US_ASCII);
                return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }
}
