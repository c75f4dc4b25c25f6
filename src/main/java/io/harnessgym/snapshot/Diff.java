package io.harnessgym.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The changes from one flat tree to another, sorted by path. */
final class Diff {
    private Diff() {}

    static List<Change> between(
            Map<String, SnapshotEntry> before, Map<String, SnapshotEntry> after) {
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        List<Change> changes = new ArrayList<>();
        for (String path : paths) {
            SnapshotEntry old = before.get(path);
            SnapshotEntry now = after.get(path);
            if (old == null) {
                changes.add(new Change(Change.Kind.ADDED, path));
            } else if (now == null) {
                changes.add(new Change(Change.Kind.DELETED, path));
            } else if (!old.sameContent(now)) {
                changes.add(new Change(Change.Kind.MODIFIED, path));
            }
        }
        return changes;
    }
}
