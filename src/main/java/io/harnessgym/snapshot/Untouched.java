package io.harnessgym.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;

/**
 * Proof, from one {@code lstat} walk and no read of a file's content, that the live workspace still
 * is a snapshot: the same paths of the same types, every file's stat (size, mode, modification and
 * change time, inode) the one the store's stat cache holds for the snapshot's object, every link
 * naming the same target. A write since the hash was cached moves the change time, which no one can
 * set back; a file the cache does not hold (one written in the clock tick of the walk that hashed
 * it) is no proof, so the answer is then "not shown" ({@link SnapshotStore#vouch} reads such files
 * before the proof is needed; no file is read for the proof itself). {@code leftOut} lists what the
 * workspace holds that the snapshot does not: the excluded paths and the sockets, pipes and devices
 * it skipped.
 */
public record Untouched(List<String> leftOut) {
    public Untouched {
        leftOut = List.copyOf(leftOut);
    }

    /** At most this many files the cache does not hold are read to vouch for them. */
    private static final int MAX_TO_READ = 1_000;

    /**
     * One walk, no read: present when every path of the snapshot is there with its type, every
     * file's stat is the one the cache holds for the snapshot's object, every link names the same
     * target, and nothing else is there but what the snapshot leaves out.
     */
    static Optional<Untouched> check(
            Path root, Map<String, SnapshotEntry> snapshot, Excludes excludes, StatCache cache) {
        WorkspaceScan scan = WorkspaceScan.of(root, excludes);
        TreeMap<String, WorkspaceScan.Found> live = new TreeMap<>(scan.entries());
        if (live.size() != snapshot.size()) {
            return Optional.empty();
        }
        ObjectInserter.Formatter formatter = new ObjectInserter.Formatter();
        for (Map.Entry<String, WorkspaceScan.Found> entry : live.entrySet()) {
            SnapshotEntry recorded = snapshot.get(entry.getKey());
            WorkspaceScan.Found found = entry.getValue();
            if (recorded == null || recorded.type() != found.type()) {
                return Optional.empty();
            }
            boolean same =
                    switch (found.type()) {
                        case FILE, EXECUTABLE ->
                                recorded.id().equals(cache.cleanId(entry.getKey(), found.stat()));
                        case SYMLINK ->
                                recorded.id().equals(linkId(root, entry.getKey(), formatter));
                        case EMPTY_DIR -> true;
                    };
            if (!same) {
                return Optional.empty();
            }
        }
        return Optional.of(new Untouched(scan.leftOut()));
    }

    /** The snapshot's files the cache holds no hash for. */
    private static List<String> unheld(Map<String, SnapshotEntry> snapshot, StatCache cache) {
        List<String> unheld = new ArrayList<>();
        snapshot.forEach(
                (path, entry) -> {
                    if ((entry.type() == EntryType.FILE || entry.type() == EntryType.EXECUTABLE)
                            && !cache.holds(path)) {
                        unheld.add(path);
                    }
                });
        return unheld;
    }

    /**
     * {@link SnapshotStore#vouch}: the files the cache does not hold (written in the clock tick of
     * the walk that hashed them) are read again once the file system's clock has moved past them,
     * and kept only if they still hold the snapshot's content. False when one does not, or when
     * there are too many to read. Never done after the fact: a file read then could have held
     * anything in between.
     */
    static boolean vouch(
            SnapshotStore store,
            SnapshotWriter writer,
            Path root,
            Map<String, SnapshotEntry> snapshot,
            Path statCacheFile) {
        StatCache cache = StatCache.load(statCacheFile);
        List<String> unheld = unheld(snapshot, cache);
        if (unheld.isEmpty()) {
            return true;
        }
        if (unheld.size() > MAX_TO_READ) {
            return false;
        }
        long latest = Long.MIN_VALUE;
        for (String path : unheld) {
            try {
                FileStat stat = FileStat.of(root.resolve(path));
                latest = Math.max(latest, Math.max(stat.mtimeNanos(), stat.ctimeNanos()));
            } catch (IOException e) {
                return false;
            }
        }
        Long now = fileSystemNowAfter(store, latest);
        if (now == null || !writer.vouch(unheld, snapshot, cache, now)) {
            return false;
        }
        cache.save(statCacheFile);
        return true;
    }

    /** The file system's time once it is past {@code nanos} (null if it is not within a second). */
    private static Long fileSystemNowAfter(SnapshotStore store, long nanos) {
        for (int i = 0; i < 1000; i++) {
            long now = store.fileSystemNow();
            if (now > nanos) {
                return now;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static ObjectId linkId(Path root, String path, ObjectInserter.Formatter formatter) {
        try {
            byte[] target =
                    Files.readSymbolicLink(root.resolve(path))
                            .toString()
                            .getBytes(StandardCharsets.UTF_8);
            return formatter.idFor(Constants.OBJ_BLOB, target);
        } catch (IOException e) {
            return null;
        }
    }
}
