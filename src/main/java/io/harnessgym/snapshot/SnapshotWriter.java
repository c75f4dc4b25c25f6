package io.harnessgym.snapshot;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectDatabase;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Takes a snapshot: one walk of the workspace, a re-hash of only the files whose stat changed since
 * the store last saw them (on all cores; an object already in the store or in the user's repository
 * is not written again), the trees, and a commit whose message carries the metadata. The ref is
 * written last, so a snapshot killed half-way leaves only unreachable objects, which {@code state
 * gc} removes.
 */
final class SnapshotWriter {
    private static final PersonIdent IDENT = new PersonIdent("harnessgym", "harnessgym@localhost");
    private static final int MAX_LABEL = 200;

    /**
     * From this many files to read, new objects go into packs: a loose object is a file, and
     * creating and renaming 20,000 of them was most of a first snapshot's time (in the kernel).
     */
    static final int PACK_FROM = 256;

    private final SnapshotStore store;
    private final Workspace workspace;
    private final Path statCache;
    private List<String> leftOut = List.of();

    SnapshotWriter(SnapshotStore store, Workspace workspace, Path statCache) {
        this.store = store;
        this.workspace = workspace;
        this.statCache = statCache;
    }

    Snapshot take(String label, Excludes excludes) {
        String shownLabel = Terminal.line(label == null || label.isBlank() ? "snapshot" : label);
        if (shownLabel.length() > MAX_LABEL) {
            shownLabel = shownLabel.substring(0, MAX_LABEL);
        }
        long scanStart = store.fileSystemNow();
        StatCache cache = StatCache.load(statCache);
        Hashed hashed = entries(excludes, cache, true, scanStart);
        leftOut = hashed.leftOut();
        try (ObjectInserter inserter =
                hashed.rehashed() >= PACK_FROM
                        ? Packs.newInserter(store.repository(), true)
                        : store.repository().newObjectInserter()) {
            inserter.insert(Constants.OBJ_TREE, new byte[0]); // what empty folders name
            java.util.Set<ObjectId> trees = new java.util.HashSet<>();
            ObjectId tree =
                    TreeBuilder.write(inserter, hashed.entries(), cache.knownTrees(), trees);
            Snapshot meta =
                    new Snapshot(
                            null,
                            shownLabel,
                            Instant.now().toString(),
                            workspace.root().toString(),
                            excludes.patterns(),
                            hashed.entries().size(),
                            hashed.bytes(),
                            hashed.rehashed(),
                            hashed.skipped().stream().sorted().limit(100).toList());
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            PersonIdent now = new PersonIdent(IDENT, Instant.now());
            commit.setAuthor(now);
            commit.setCommitter(now);
            commit.setEncoding(StandardCharsets.UTF_8);
            commit.setMessage(
                    "harnessgym snapshot: "
                            + shownLabel
                            + "\n\n"
                            + Json.compact(Json.MAPPER.valueToTree(meta))
                            + "\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            store.writeRef(id);
            cache.retain(new java.util.HashSet<>(hashed.entries().keySet()));
            cache.knownTrees(trees);
            cache.save(statCache);
            return meta.withId(id.name());
        } catch (IOException e) {
            throw HarnessGymException.badInput("cannot take a snapshot: " + e.getMessage(), e);
        }
    }

    /** The live workspace as snapshot entries, hashed but stored nowhere (for a diff). */
    TreeMap<String, SnapshotEntry> liveEntries(Excludes excludes) {
        StatCache cache = statCache == null ? StatCache.empty() : StatCache.load(statCache);
        return entries(excludes, cache, false, Long.MIN_VALUE).entries();
    }

    /**
     * Reads {@code paths} again (none stored) and remembers each in {@code cache} under the clock
     * {@code scanStart}: true when every one still holds the content {@code snapshot} names and was
     * last written before that clock's tick.
     */
    boolean vouch(
            List<String> paths,
            java.util.Map<String, SnapshotEntry> snapshot,
            StatCache cache,
            long scanStart) {
        ObjectDatabase objects = store.repository().getObjectDatabase();
        for (String path : paths) {
            Path file = workspace.root().resolve(path);
            try {
                Read read = hashFile(file, FileStat.of(file), null, objects, false);
                SnapshotEntry recorded = snapshot.get(path);
                if (recorded == null || !recorded.id().equals(read.id())) {
                    return false;
                }
                cache.put(path, read.stat(), read.id(), scanStart);
                if (!read.id().equals(cache.cleanId(path, read.stat()))) {
                    return false; // written again in this tick
                }
            } catch (IOException | HarnessGymException e) {
                return false;
            }
        }
        return true;
    }

    /** What the walk of the last {@link #take} left out: excluded paths, then skipped ones. */
    List<String> leftOut() {
        return leftOut;
    }

    record Hashed(
            TreeMap<String, SnapshotEntry> entries,
            long bytes,
            int rehashed,
            List<String> skipped,
            List<String> leftOut) {}

    /**
     * Every kept path with its object id: from the cache when the stat is unchanged, else hashed
     * (and stored, when {@code store} is set; only then is the cache updated).
     */
    private Hashed entries(Excludes excludes, StatCache cache, boolean write, long scanStart) {
        WorkspaceScan scan = WorkspaceScan.of(workspace.root(), excludes);
        ObjectId emptyTree = new ObjectInserter.Formatter().idFor(Constants.OBJ_TREE, new byte[0]);
        List<Map.Entry<String, WorkspaceScan.Found>> found =
                new ArrayList<>(scan.entries().entrySet());
        SnapshotEntry[] ids = new SnapshotEntry[found.size()];
        AtomicLong bytes = new AtomicLong();
        AtomicInteger rehashed = new AtomicInteger();
        ObjectDatabase objects = store.repository().getObjectDatabase();
        int toRead = 0;
        for (Map.Entry<String, WorkspaceScan.Found> entry : found) {
            EntryType type = entry.getValue().type();
            if ((type == EntryType.FILE || type == EntryType.EXECUTABLE)
                    && cache.cleanId(entry.getKey(), entry.getValue().stat()) == null) {
                toRead++;
            }
        }
        // One inserter per thread (an inserter is not thread-safe), each flushed at the end; many
        // new files go into one pack per thread, not a file each. When the store's packs hold all
        // its objects (a first snapshot), the pack inserter looks there itself and each file is
        // hashed once.
        boolean packs = toRead >= PACK_FROM;
        boolean once = packs && write && store.allObjectsInOwnPacks();
        Parallel.forEach(
                ids.length,
                packs
                        ? () -> Packs.newInserter(store.repository(), once)
                        : store.repository()::newObjectInserter,
                (inserter, i) ->
                        ids[i] =
                                hash(
                                        found.get(i).getKey(),
                                        found.get(i).getValue(),
                                        emptyTree,
                                        cache,
                                        write ? inserter : null,
                                        objects,
                                        once,
                                        scanStart,
                                        bytes,
                                        rehashed),
                ObjectInserter::flush);
        TreeMap<String, SnapshotEntry> entries = new TreeMap<>();
        for (int i = 0; i < ids.length; i++) {
            entries.put(found.get(i).getKey(), ids[i]);
        }
        return new Hashed(entries, bytes.get(), rehashed.get(), scan.skipped(), scan.leftOut());
    }

    private SnapshotEntry hash(
            String path,
            WorkspaceScan.Found entry,
            ObjectId emptyTree,
            StatCache cache,
            ObjectInserter inserter,
            ObjectDatabase objects,
            boolean once,
            long scanStart,
            AtomicLong bytes,
            AtomicInteger rehashed) {
        if (entry.type() == EntryType.EMPTY_DIR) {
            return new SnapshotEntry(entry.type(), emptyTree);
        }
        if (entry.type() != EntryType.SYMLINK) {
            ObjectId clean = cache.cleanId(path, entry.stat());
            if (clean != null) {
                bytes.addAndGet(entry.stat().size());
                return new SnapshotEntry(entry.type(), clean);
            }
        }
        Path file = workspace.root().resolve(path);
        try {
            ObjectId id;
            switch (entry.type()) {
                case SYMLINK -> {
                    byte[] target =
                            Files.readSymbolicLink(file)
                                    .toString()
                                    .getBytes(StandardCharsets.UTF_8);
                    id =
                            inserter == null
                                    ? new ObjectInserter.Formatter()
                                            .idFor(Constants.OBJ_BLOB, target)
                                    : inserter.insert(Constants.OBJ_BLOB, target);
                }
                default -> {
                    Read read = hashFile(file, entry.stat(), inserter, objects, once);
                    id = read.id();
                    rehashed.incrementAndGet();
                    if (inserter != null) {
                        cache.put(path, read.stat(), id, scanStart);
                    }
                    bytes.addAndGet(entry.stat().size());
                }
            }
            return new SnapshotEntry(entry.type(), id);
        } catch (IOException e) {
            throw HarnessGymException.badInput(
                    "cannot snapshot " + file + ": " + e.getMessage(), e);
        }
    }

    /** Files up to this size are read once, into memory, to be hashed and stored. */
    private static final int IN_MEMORY = 8 << 20;

    /**
     * Hashes a file (and stores it unless the store, or the repository it borrows from, has it). A
     * file that changes while it is read is read again. With {@code once}, a file read into memory
     * goes to the inserter unhashed: it looks for what the store has itself ({@link
     * Packs#newInserter}), and hashes the file once.
     */
    /** A file's object id, and its stat before and after the read that gave it. */
    private record Read(ObjectId id, FileStat stat) {}

    private static Read hashFile(
            Path file, FileStat stat, ObjectInserter inserter, ObjectDatabase objects, boolean once)
            throws IOException {
        FileStat seen = stat;
        for (int attempt = 0; attempt < 3; attempt++) {
            ObjectId id =
                    seen.size() <= IN_MEMORY
                            ? hashSmall(file, seen.size(), inserter, objects, once)
                            : hashLarge(file, seen.size(), inserter, objects);
            FileStat after = FileStat.of(file);
            if (id != null && after.sameAs(seen)) {
                return new Read(id, after);
            }
            seen = after; // it changed while being read: read it again
        }
        throw HarnessGymException.badInput(
                "cannot snapshot " + file + ": it kept changing while being read");
    }

    /** One read into memory; null when the file is not {@code size} bytes any more. */
    private static ObjectId hashSmall(
            Path file, long size, ObjectInserter inserter, ObjectDatabase objects, boolean once)
            throws IOException {
        // One buffer per thread, not an array per file: 500 MB of new arrays for a first snapshot
        // of 20,000 files made the collector touch fresh memory over and over.
        byte[] bytes = BUFFER.get();
        if (bytes.length < size + 1) {
            bytes = new byte[(int) Math.max(size + 1, bytes.length * 2L)];
            BUFFER.set(bytes);
        }
        int length = 0;
        try (FileChannel in =
                FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer into = ByteBuffer.wrap(bytes, 0, (int) size + 1);
            while (into.hasRemaining() && in.read(into) >= 0) {
                // until the end of the file, or one byte more than its size
            }
            length = into.position();
        }
        if (length != size) {
            return null;
        }
        if (inserter != null && once) {
            return inserter.insert(Constants.OBJ_BLOB, bytes, 0, length);
        }
        ObjectId id = new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, bytes, 0, length);
        if (inserter != null && !objects.has(id)) {
            inserter.insert(Constants.OBJ_BLOB, bytes, 0, length);
        }
        return id;
    }

    private static final ThreadLocal<byte[]> BUFFER =
            ThreadLocal.withInitial(() -> new byte[64 << 10]);

    /** Streamed twice (hashed, then stored when new); null when it changed in between. */
    private static ObjectId hashLarge(
            Path file, long size, ObjectInserter inserter, ObjectDatabase objects)
            throws IOException {
        ObjectId id;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            id = new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, size, in);
        } catch (java.io.EOFException shrunk) {
            return null;
        }
        if (inserter != null && !objects.has(id)) {
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                if (!inserter.insert(Constants.OBJ_BLOB, size, in).equals(id)) {
                    return null; // changed between the two reads
                }
            } catch (java.io.EOFException shrunk) {
                return null;
            }
        }
        return id;
    }
}
