package io.harnessgym.snapshot;

import org.eclipse.jgit.lib.ObjectId;

/** One path of a snapshot: its type and the object that holds it. */
record SnapshotEntry(EntryType type, ObjectId id) {
    boolean sameContent(SnapshotEntry other) {
        return other != null && other.type == type && other.id.equals(id);
    }
}
