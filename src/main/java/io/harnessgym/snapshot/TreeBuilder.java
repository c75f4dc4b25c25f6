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

    private record Child(String name, boolean folder, SnapshotEntry leaf, Node node) {}

    /**
     * Git's entry order: names compared as UTF-8 bytes, a folder's as if it ended in '/'. For
     * characters below the surrogates, UTF-16 order is UTF-8 byte order, so no bytes are made.
     */
    static int gitOrder(String a, boolean aFolder, String b, boolean bFolder) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 0xD800 || y >= 0xD800) {
                    return Arrays.compareUnsigned(
                            key(a, aFolder), key(b, bFolder)); // surrogates and above: bytes
                }
                return x - y;
            }
        }
        int x = a.length() > n ? a.charAt(n) : aFolder ? '/' : 0;
        int y = b.length() > n ? b.charAt(n) : bFolder ? '/' : 0;
        if (x >= 0xD800 || y >= 0xD800) {
            return Arrays.compareUnsigned(key(a, aFolder), key(b, bFolder));
        }
        return x - y;
    }

    private static ObjectId write(
            ObjectInserter inserter, Node node, Set<ObjectId> earlier, Set<ObjectId> written)
            throws IOException {
        List<Child> children = new ArrayList<>(node.folders.size() + node.leaves.size());
        node.folders.forEach((name, folder) -> children.add(new Child(name, true, null, folder)));
        node.leaves.forEach(
                (name, leaf) ->
                        children.add(
                                new Child(name, leaf.type() == EntryType.EMPTY_DIR, leaf, null)));
        children.sort((a, b) -> gitOrder(a.name(), a.folder(), b.name(), b.folder()));
        TreeFormatter formatter = new TreeFormatter();
        for (Child child : children) {
            if (child.node() != null) {
                formatter.append(
                        child.name(),
                        EntryType.EMPTY_DIR.mode(),
                        write(inserter, child.node(), earlier, written));
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
