package io.harnessgym.bench;

import io.harnessgym.snapshot.Excludes;
import io.harnessgym.snapshot.Snapshot;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Times the snapshot store on generated workspaces of incompressible files, each figure next to a
 * plain {@code cp -a} of the same tree in the same run, and prints the disk the store takes for a
 * plain folder and for a git repository whose files are committed.
 *
 * <p>Usage: {@code SnapshotBench WORKDIR [files:megabytes ...]} (default 200:1 5000:100 20000:500).
 */
public final class SnapshotBench {
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        List<String> sizes =
                args.length > 1
                        ? List.of(args).subList(1, args.length)
                        : List.of("200:1", "5000:100", "20000:500");
        System.out.printf(
                "%-16s %-26s %10s %10s %8s%n",
                "tree", "operation", "store ms", "cp -a ms", "speed-up");
        for (String size : sizes) {
            String[] parts = size.split(":");
            run(work, Integer.parseInt(parts[0]), Long.parseLong(parts[1]) << 20);
        }
    }

    private static void run(Path work, int files, long bytes) throws Exception {
        String name = files + " files/" + (bytes >> 20) + " MB";
        Path ws = Files.createDirectories(work.resolve("ws-" + files));
        generate(ws, files, bytes, new Random(files));
        Workspace workspace = Workspace.open(ws);
        StateDir state = new StateDir(work.resolve("state-" + files));
        double copy = median(3, () -> time(() -> cp(ws, work.resolve("copy-" + files))));
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            long t0 = System.nanoTime();
            Snapshot first = store.take("first", Excludes.DEFAULT);
            print(name, "first snapshot", ms(t0), copy);
            Random random = new Random(1);
            // Median of 5 (the copy: of 3): one change-and-snapshot, or change-and-restore, each.
            List<Long> snapshots = new ArrayList<>();
            Snapshot second = first;
            for (int r = 0; r < 5; r++) {
                change(ws, files, random);
                Thread.sleep(20);
                t0 = System.nanoTime();
                second = store.take("second", Excludes.DEFAULT);
                snapshots.add(ms(t0));
                if (second.rehashed() != 10) {
                    System.out.println("  (re-read " + second.rehashed() + " files, expected 10)");
                }
            }
            print(name, "snapshot, 10 files changed", median(snapshots), copy);
            List<Long> restores = new ArrayList<>();
            for (int r = 0; r < 5; r++) {
                change(ws, files, random);
                t0 = System.nanoTime();
                var restored = store.restore(second.id());
                restores.add(ms(t0));
                if (restored.written().size() != 10) {
                    System.out.println(
                            "  (wrote " + restored.written().size() + " files, expected 10)");
                }
            }
            print(name, "restore, 10 files changed", median(restores), copy);
            Path room = work.resolve("room-" + files);
            t0 = System.nanoTime();
            store.materialize(first.id(), room);
            print(name, "materialise", ms(t0), copy);
            deleteTree(room);
            long tree = du(ws);
            long kept = du(store.directory());
            System.out.printf(
                    "%-16s store on disk: %d kB for a %d kB tree (%.3fx), plain folder%n",
                    name, kept, tree, (double) kept / tree);
        }
        // The same tree as a git repository with its files committed: blobs are borrowed.
        sh(ws, "git init -q && git add -A && git -c user.name=b -c user.email=b@b commit -q -m t");
        StateDir gitState = new StateDir(work.resolve("git-state-" + files));
        try (SnapshotStore store = SnapshotStore.open(Workspace.open(ws), gitState)) {
            long t0 = System.nanoTime();
            store.take("first", Excludes.DEFAULT);
            long tree = du(ws) - du(ws.resolve(".git"));
            long kept = du(store.directory());
            System.out.printf(
                    "%-16s store on disk: %d kB for a %d kB tree (%.3fx), files committed in the user's repository (first snapshot %d ms)%n",
                    name, kept, tree, (double) kept / tree, ms(t0));
        }
        deleteTree(ws);
        deleteTree(work.resolve("copy-" + files));
    }

    private static long median(List<Long> times) {
        List<Long> sorted = new ArrayList<>(times);
        sorted.sort(Long::compare);
        return sorted.get(sorted.size() / 2);
    }

    private static void print(String name, String what, long ms, double copy) {
        System.out.printf(
                "%-16s %-26s %10d %10.0f %7.1fx%n", name, what, ms, copy, copy / Math.max(1, ms));
    }

    private static void generate(Path ws, int files, long bytes, Random random) throws IOException {
        long each = bytes / files;
        byte[] buffer = new byte[(int) each];
        for (int i = 0; i < files; i++) {
            random.nextBytes(buffer);
            Path file = ws.resolve("d" + (i / 100)).resolve("f" + i + ".bin");
            Files.createDirectories(file.getParent());
            Files.write(file, buffer);
        }
    }

    /** Rewrites 10 distinct files with new content of the same size. */
    private static void change(Path ws, int files, Random random) throws IOException {
        java.util.Set<Integer> picked = new java.util.LinkedHashSet<>();
        while (picked.size() < 10) {
            picked.add(random.nextInt(files));
        }
        for (int i : picked) {
            Path file = ws.resolve("d" + (i / 100)).resolve("f" + i + ".bin");
            byte[] bytes = Files.readAllBytes(file);
            random.nextBytes(bytes);
            Files.write(file, bytes);
        }
    }

    private static long time(Runnable action) {
        long t0 = System.nanoTime();
        action.run();
        return ms(t0);
    }

    private static double median(int runs, Supplier<Long> timed) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            times.add(timed.get());
        }
        times.sort(Long::compare);
        return times.get(runs / 2);
    }

    private static void cp(Path from, Path to) {
        try {
            deleteTree(to);
            sh(from.getParent(), "cp -a '" + from + "' '" + to + "'");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long du(Path dir) throws Exception {
        Process process = new ProcessBuilder("du", "-sk", dir.toString()).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return Long.parseLong(out.split("\\s+")[0]);
    }

    private static void sh(Path cwd, String script) throws Exception {
        Process process =
                new ProcessBuilder("sh", "-c", script).directory(cwd.toFile()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("failed: " + script);
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            sh(dir.getParent(), "rm -rf '" + dir + "'");
        }
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
