package io.harnessgym.snapshot;

import io.harnessgym.workspace.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The store's own index: for each workspace file last hashed, its {@code lstat} and blob id, so a
 * file whose stat is unchanged is not read again; and the tree ids of the last snapshot, so an
 * unchanged folder's tree is not written again. A file modified in the same clock tick as the scan
 * that saw it ("racily clean", as git calls it) is not remembered, so it is hashed next time. The
 * file ends in a CRC-32C of its content and is written without fsync: lost, torn or damaged, it
 * only costs a full re-hash. {@code state gc} deletes it, since it may name objects gc removed.
 */
final class StatCache {
    private static final int MAGIC = 0x48475343; // "HGSC"
    private static final int VERSION = 2;
    private static final int ID = Constants.OBJECT_ID_LENGTH;

    record Entry(FileStat stat, ObjectId id) {}

    private final Map<String, Entry> entries;
    private final Set<ObjectId> knownTrees;
    private final Set<String> written = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicBoolean changed =
            new java.util.concurrent.atomic.AtomicBoolean();

    private StatCache(Map<String, Entry> entries, Set<ObjectId> knownTrees) {
        this.entries = entries;
        this.knownTrees = knownTrees;
    }

    static StatCache empty() {
        return new StatCache(new ConcurrentHashMap<>(), new HashSet<>());
    }

    static StatCache load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IOException e) {
            return empty();
        }
        if (bytes.length < 8) {
            return empty();
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if ((int) crc.getValue() != stored) {
            return empty(); // torn or damaged: re-hash
        }
        try (DataInputStream in =
                new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                return empty();
            }
            int count = in.readInt();
            Map<String, Entry> entries = new ConcurrentHashMap<>(Math.max(16, count * 2));
            byte[] id = new byte[ID];
            for (int i = 0; i < count; i++) {
                String path = in.readUTF();
                FileStat stat =
                        new FileStat(
                                in.readInt(),
                                in.readLong(),
                                in.readLong(),
                                in.readLong(),
                                in.readLong());
                in.readFully(id);
                entries.put(path, new Entry(stat, ObjectId.fromRaw(id)));
            }
            int trees = in.readInt();
            Set<ObjectId> known = new HashSet<>(Math.max(16, trees * 2));
            for (int i = 0; i < trees; i++) {
                in.readFully(id);
                known.add(ObjectId.fromRaw(id));
            }
            return new StatCache(entries, known);
        } catch (IOException | RuntimeException e) {
            return empty();
        }
    }

    /** Whether the cache holds any hash for {@code path}. */
    boolean holds(String path) {
        return entries.containsKey(path);
    }

    /** The blob id of {@code path} if its stat is unchanged since it was hashed, else null. */
    ObjectId cleanId(String path, FileStat stat) {
        Entry entry = entries.get(path);
        return entry != null && entry.stat().sameAs(stat) ? entry.id() : null;
    }

    /**
     * Remembers a hash, unless the file changed in the scan's clock tick (then it is re-hashed).
     */
    void put(String path, FileStat stat, ObjectId id, long scanStartNanos) {
        changed.set(true);
        if (stat.mtimeNanos() >= scanStartNanos || stat.ctimeNanos() >= scanStartNanos) {
            entries.remove(path);
        } else {
            entries.put(path, new Entry(stat, id.copy()));
        }
    }

    /**
     * Remembers a file harnessgym has just written with this content, to be kept only if {@link
     * #settle} finds it was written before the clock tick the writing ended in (a later write by
     * anyone else then changes its change time).
     */
    void putWritten(String path, FileStat stat, ObjectId id) {
        changed.set(true);
        entries.put(path, new Entry(stat, id.copy()));
        written.add(path);
    }

    /**
     * Forgets each file written since the last settle whose times are not before {@code endNanos}
     * (the file system's clock once all writing was done): a change in that same tick would not
     * show in its stat. With {@code endNanos} {@link Long#MIN_VALUE} (no clock on the same file
     * system), forgets them all.
     */
    void settle(long endNanos) {
        for (String path : written) {
            Entry entry = entries.get(path);
            if (entry != null
                    && (entry.stat().mtimeNanos() >= endNanos
                            || entry.stat().ctimeNanos() >= endNanos)) {
                entries.remove(path);
            }
        }
        written.clear();
    }

    void remove(String path) {
        if (entries.remove(path) != null) {
            changed.set(true);
        }
    }

    /** Keeps only the paths in {@code live}. */
    void retain(Set<String> live) {
        if (entries.keySet().retainAll(live)) {
            changed.set(true);
        }
    }

    /** The trees the last snapshot wrote (all in the store). */
    Set<ObjectId> knownTrees() {
        return knownTrees;
    }

    void knownTrees(Set<ObjectId> trees) {
        if (!knownTrees.equals(trees)) {
            changed.set(true);
            knownTrees.clear();
            knownTrees.addAll(trees);
        }
    }

    /**
     * Writes the cache unless nothing in it changed since it was loaded; files written and not
     * {@link #settle}d are not kept.
     */
    void save(Path file) {
        settle(Long.MIN_VALUE);
        if (!changed.get()) {
            return;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(entries.size() * 96 + 64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(entries.size());
            byte[] id = new byte[ID];
            for (Map.Entry<String, Entry> entry : entries.entrySet()) {
                FileStat stat = entry.getValue().stat();
                out.writeUTF(entry.getKey());
                out.writeInt(stat.mode());
                out.writeLong(stat.size());
                out.writeLong(stat.mtimeNanos());
                out.writeLong(stat.ctimeNanos());
                out.writeLong(stat.inode());
                entry.getValue().id().copyRawTo(id, 0);
                out.write(id);
            }
            out.writeInt(knownTrees.size());
            for (ObjectId tree : knownTrees) {
                tree.copyRawTo(id, 0);
                out.write(id);
            }
            CRC32C crc = new CRC32C();
            byte[] body = bytes.toByteArray();
            crc.update(body);
            out.writeInt((int) crc.getValue());
            out.flush();
            AtomicFiles.writeCache(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
