package io.harnessgym.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;

/**
 * Proof, from one {@code lstat} walk and no read of a file's content, that the live workspace still
 * is a snapshot: the same paths of the same types, every file's stat (size, mode, modification and
 * change time, inode) the one the store's stat cache holds for the snapshot's object, every link
 * naming the same target. A write since the hash was cached moves the change time, which no one can
 * set back; a file the cache does not vouch for (one written in the scan's own clock tick) is no
 * proof, so the answer is then "not shown". {@code leftOut} lists what the workspace holds that the
 * snapshot does not: the excluded paths and the sockets, pipes and devices it skipped.
 */
public record Untouched(List<String> leftOut) {
    public Untouched {
        leftOut = List.copyOf(leftOut);
    }

    /** At most this many files the cache cannot vouch for are read to vouch for them. */
    static final int MAX_TO_READ = 1_000;

    /**
     * One walk's finding, before any file is read: whether the workspace differs from the snapshot
     * (a path, a type, a stat the cache holds for other content, a link); if not, the files the
     * cache does not hold (written in the clock tick of the walk that hashed them), the latest of
     * their change and modification times, and what was left out.
     */
    record Walk(boolean differs, List<String> unvouched, long latest, List<String> leftOut) {
        Walk {
            unvouched = List.copyOf(unvouched);
            leftOut = List.copyOf(leftOut);
        }

        static final Walk DIFFERS = new Walk(true, List.of(), 0, List.of());
    }

    static Walk walk(
            Path root, Map<String, SnapshotEntry> snapshot, Excludes excludes, StatCache cache) {
        WorkspaceScan scan = WorkspaceScan.of(root, excludes);
        TreeMap<String, WorkspaceScan.Found> live = new TreeMap<>(scan.entries());
        if (live.size() != snapshot.size()) {
            return Walk.DIFFERS;
        }
        ObjectInserter.Formatter formatter = new ObjectInserter.Formatter();
        List<String> unvouched = new ArrayList<>();
        long latest = Long.MIN_VALUE;
        for (Map.Entry<String, WorkspaceScan.Found> entry : live.entrySet()) {
            SnapshotEntry recorded = snapshot.get(entry.getKey());
            WorkspaceScan.Found found = entry.getValue();
            if (recorded == null || recorded.type() != found.type()) {
                return Walk.DIFFERS;
            }
            boolean same =
                    switch (found.type()) {
                        case FILE, EXECUTABLE -> {
                            if (!cache.holds(entry.getKey())) {
                                unvouched.add(entry.getKey());
                                latest =
                                        Math.max(
                                                latest,
                                                Math.max(
                                                        found.stat().mtimeNanos(),
                                                        found.stat().ctimeNanos()));
                                yield true;
                            }
                            yield recorded.id().equals(cache.cleanId(entry.getKey(), found.stat()));
                        }
                        case SYMLINK ->
                                recorded.id().equals(linkId(root, entry.getKey(), formatter));
                        case EMPTY_DIR -> true;
                    };
            if (!same) {
                return Walk.DIFFERS;
            }
        }
        return new Walk(false, unvouched, latest, scan.leftOut());
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
