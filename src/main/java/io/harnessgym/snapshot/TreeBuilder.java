package io.harnessgym.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * Writes git trees for a flat map of paths, in git's entry order (names compared as bytes, a
 * folder's name as if it ended in '/'), an empty folder as the empty tree.
 */
final class TreeBuilder {
    private TreeBuilder() {}

    private static final class Node {
        final TreeMap<String, Node> folders = new TreeMap<>();
        final TreeMap<String, SnapshotEntry> leaves = new TreeMap<>();
    }

    /**
     * Writes the trees; one whose id is in {@code earlier} (the last snapshot's, all in the store)
     * is not written again. Every tree id of this snapshot is added to {@code written}.
     */
    static ObjectId write(
            ObjectInserter inserter,
            Map<String, SnapshotEntry> entries,
            Set<ObjectId> earlier,
            Set<ObjectId> written)
            throws IOException {
        Node root = new Node();
        for (Map.Entry<String, SnapshotEntry> entry : entries.entrySet()) {
            String[] parts = entry.getKey().split("/");
            Node node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                node = node.folders.computeIfAbsent(parts[i], name -> new Node());
            }
            node.leaves.put(parts[parts.length - 1], entry.getValue());
        }
        return write(inserter, root, earlier, written);
    }

    private record Child(byte[] sortKey, String name, SnapshotEntry leaf, Node folder) {}

    private static ObjectId write(
            ObjectInserter inserter, Node node, Set<ObjectId> earlier, Set<ObjectId> written)
            throws IOException {
        List<Child> children = new ArrayList<>();
        node.folders.forEach(
                (name, folder) -> children.add(new Child(key(name, true), name, null, folder)));
        node.leaves.forEach(
                (name, leaf) ->
                        children.add(
                                new Child(
                                        key(name, leaf.type() == EntryType.EMPTY_DIR),
                                        name,
                                        leaf,
                                        null)));
        children.sort((a, b) -> Arrays.compareUnsigned(a.sortKey(), b.sortKey()));
        TreeFormatter formatter = new TreeFormatter();
        for (Child child : children) {
            if (child.folder() != null) {
                formatter.append(
                        child.name(),
                        EntryType.EMPTY_DIR.mode(),
                        write(inserter, child.folder(), earlier, written));
            } else {
                formatter.append(child.name(), child.leaf().type().mode(), child.leaf().id());
            }
        }
        byte[] raw = formatter.toByteArray();
        ObjectId id = inserter.idFor(org.eclipse.jgit.lib.Constants.OBJ_TREE, raw);
        if (!earlier.contains(id)) {
            inserter.insert(org.eclipse.jgit.lib.Constants.OBJ_TREE, raw);
        }
        written.add(id);
        return id;
    }

    private static byte[] key(String name, boolean folder) {
        return (folder ? name + "/" : name).getBytes(StandardCharsets.UTF_8);
    }
}
