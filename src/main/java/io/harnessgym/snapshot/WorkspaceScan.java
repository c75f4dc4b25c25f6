package io.harnessgym.snapshot;

import io.harnessgym.error.HarnessGymException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.RecursiveAction;

/**
 * One walk of a tree that never follows a symlink: every regular file, symlink and empty folder
 * with its {@code lstat}, keyed by '/'-separated path. Sockets, pipes and devices are listed as
 * skipped; excluded paths are listed, not entered. Folders are listed on all cores.
 */
final class WorkspaceScan {
    /** One path found. */
    record Found(EntryType type, FileStat stat) {}

    private final ConcurrentSkipListMap<String, Found> entries = new ConcurrentSkipListMap<>();
    private final ConcurrentLinkedQueue<String> skipped = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> excluded = new ConcurrentLinkedQueue<>();

    private WorkspaceScan() {}

    static WorkspaceScan of(Path root, Excludes excludes) {
        WorkspaceScan scan = new WorkspaceScan();
        Parallel.POOL.invoke(scan.new Folder(root, "", excludes));
        return scan;
    }

    NavigableMap<String, Found> entries() {
        return entries;
    }

    List<String> skipped() {
        return List.copyOf(skipped);
    }

    /**
     * What the walk found and left out, sorted: the topmost excluded paths (not entered) and the
     * skipped ones.
     */
    List<String> leftOut() {
        List<String> all = new ArrayList<>(excluded);
        all.addAll(skipped);
        all.sort(null);
        return all;
    }

    /** Lists one folder; its subfolders are listed by tasks of their own. */
    private final class Folder extends RecursiveAction {
        private final Path dir;
        private final String prefix;
        private final Excludes excludes;

        Folder(Path dir, String prefix, Excludes excludes) {
            this.dir = dir;
            this.prefix = prefix;
            this.excludes = excludes;
        }

        @Override
        protected void compute() {
            List<Folder> subfolders = new ArrayList<>();
            boolean kept = false;
            try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
                for (Path child : children) {
                    String relative = prefix + child.getFileName().toString();
                    if (excludes.excludes(relative)) {
                        excluded.add(relative);
                        kept = true; // an excluded child keeps its folder from being "empty"
                        continue;
                    }
                    FileStat stat;
                    try {
                        stat = FileStat.of(child);
                    } catch (NoSuchFileException gone) {
                        continue;
                    }
                    kept |= add(child, relative, stat, subfolders);
                }
            } catch (NoSuchFileException gone) {
                return;
            } catch (IOException e) {
                throw HarnessGymException.badInput(
                        "cannot read the folder " + dir + ": " + e.getMessage(), e);
            }
            if (!kept && !prefix.isEmpty()) {
                entries.put(
                        prefix.substring(0, prefix.length() - 1),
                        new Found(EntryType.EMPTY_DIR, null));
            }
            invokeAll(subfolders);
        }

        private boolean add(Path child, String relative, FileStat stat, List<Folder> subfolders) {
            if (stat.isDirectory()) {
                subfolders.add(new Folder(child, relative + "/", excludes));
            } else if (stat.isSymlink()) {
                entries.put(relative, new Found(EntryType.SYMLINK, stat));
            } else if (stat.isRegular()) {
                entries.put(
                        relative,
                        new Found(stat.executable() ? EntryType.EXECUTABLE : EntryType.FILE, stat));
            } else {
                skipped.add(relative);
                return false;
            }
            return true;
        }
    }
}
