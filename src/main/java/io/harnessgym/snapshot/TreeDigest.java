package io.harnessgym.snapshot;

import io.harnessgym.workspace.Digests;

/**
 * What a snapshot holds, as one digest: each path, its type and its object id, in path order. The
 * same for the same tree on any machine, unlike the snapshot's id, which names a commit with a time
 * in it (compare's plan uses it, so shards on other machines can agree on the template).
 */
public final class TreeDigest {
    private TreeDigest() {}

    public static String of(SnapshotStore store, String id) {
        StringBuilder text = new StringBuilder();
        store.content(store.resolve(id))
                .entries()
                .forEach(
                        (path, entry) ->
                                text.append(path)
                                        .append('\0')
                                        .append(entry.type())
                                        .append('\0')
                                        .append(entry.id().name())
                                        .append('\n'));
        return Digests.text(text.toString());
    }
}
