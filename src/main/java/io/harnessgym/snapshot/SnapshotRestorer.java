package io.harnessgym.snapshot;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Puts a folder back to a snapshot, touching only what differs: paths the snapshot lacks are
 * removed (and the folders that leaves empty), files whose content or executable bit differ are
 * rewritten, links re-pointed. A file whose stat is unchanged since the store hashed or wrote it is
 * known without reading it. In the workspace, excluded paths are never entered; in a room (a folder
 * of harnessgym's that a command ran in) nothing is excluded and everything the snapshot lacks
 * goes, sockets and pipes too.
 */
final class SnapshotRestorer {
    private final SnapshotStore store;
    private final Path root;
    private final Path statCache;
    private final Path clock;
    private final boolean room;

    private SnapshotRestorer(
            SnapshotStore store, Path root, Path statCache, Path clock, boolean room) {
        this.store = store;
        this.root = root;
        this.statCache = statCache;
        this.clock = clock;
        this.room = room;
    }

    /**
     * For the workspace (or the bundle); {@code clock}, a folder of harnessgym's on the same file
     * system, or null: then what it writes is hashed again next time.
     */
    static SnapshotRestorer workspace(
            SnapshotStore store, Workspace workspace, Path statCache, Path clock) {
        return new SnapshotRestorer(store, workspace.root(), statCache, clock, false);
    }

    /** For a room; its stat cache and clock live beside it, where the room's command cannot go. */
    static SnapshotRestorer room(SnapshotStore store, Path room, Path statCache) {
        return new SnapshotRestorer(store, room, statCache, room.getParent(), true);
    }

    Restored restore(ObjectId id) {
        VerifiedObjects.Content content = store.content(id);
        Snapshot snapshot = store.info(content);
        Excludes excludes = room ? Excludes.NOTHING : new Excludes(snapshot.excludes());
        TreeMap<String, SnapshotEntry> target = content.entries();
        Set<String> folders = folders(target);
        StatCache cache = StatCache.load(statCache);
        WorkspaceScan live = WorkspaceScan.of(root, excludes);
        Checkout checkout = new Checkout(store.repository(), root);
        List<String> removed = new ArrayList<>();
        List<String> written = new ArrayList<>();
        int unchanged = 0;
        try {
            if (room) {
                for (String odd : live.skipped()) { // sockets, pipes, devices
                    Checkout.removeAnything(root.resolve(odd));
                    removed.add(odd);
                }
            }
            for (Map.Entry<String, WorkspaceScan.Found> found : live.entries().entrySet()) {
                String path = found.getKey();
                SnapshotEntry wanted = target.get(path);
                boolean keep =
                        wanted != null
                                || (found.getValue().type() == EntryType.EMPTY_DIR
                                        && folders.contains(path));
                if (!keep) {
                    Checkout.removeAnything(root.resolve(path));
                    cache.remove(path);
                    removed.add(path);
                    checkout.pruneEmptyParents(path, folders::contains);
                }
            }
            List<String> toWrite = new ArrayList<>();
            try (VerifiedObjects objects = new VerifiedObjects(store.repository())) {
                for (Map.Entry<String, SnapshotEntry> entry : target.entrySet()) {
                    String path = entry.getKey();
                    SnapshotEntry wanted = entry.getValue();
                    WorkspaceScan.Found now = live.entries().get(path);
                    if (wanted.type() == EntryType.EMPTY_DIR) {
                        if (now == null || now.type() != EntryType.EMPTY_DIR) {
                            checkout.realFolder(path);
                            written.add(path);
                        } else {
                            unchanged++;
                        }
                        continue;
                    }
                    if (now != null && same(objects, cache, path, now, wanted)) {
                        unchanged++;
                        continue;
                    }
                    checkout.realFolder(Checkout.parentOf(path));
                    toWrite.add(path);
                }
            }
            // On all cores; a path where nothing was is created in place, never through a link.
            Parallel.forEach(
                    toWrite.size(),
                    () -> new VerifiedObjects(store.repository()),
                    (objects, i) -> {
                        String path = toWrite.get(i);
                        SnapshotEntry wanted = target.get(path);
                        checkout.write(objects, path, wanted, !live.entries().containsKey(path));
                        if (wanted.type() != EntryType.SYMLINK) {
                            try {
                                cache.putWritten(
                                        path, FileStat.of(root.resolve(path)), wanted.id());
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    },
                    objects -> {});
            written.addAll(toWrite);
        } catch (IOException e) {
            throw HarnessGymException.badInput(
                    "cannot restore snapshot " + id.name() + ": " + e.getMessage(), e);
        } finally {
            cache.settle(clock == null ? Long.MIN_VALUE : store.fileSystemNow(clock));
            cache.save(statCache);
        }
        return new Restored(id.name(), written, removed, unchanged);
    }

    /** Whether the live path already holds what the snapshot has there. */
    private boolean same(
            VerifiedObjects objects,
            StatCache cache,
            String path,
            WorkspaceScan.Found now,
            SnapshotEntry wanted)
            throws IOException {
        Path file = root.resolve(path);
        if (wanted.type() == EntryType.SYMLINK) {
            if (now.type() != EntryType.SYMLINK) {
                return false;
            }
            String link =
                    new String(
                            objects.raw(wanted.id(), Constants.OBJ_BLOB), StandardCharsets.UTF_8);
            return Files.readSymbolicLink(file).toString().equals(link);
        }
        if (now.type() != wanted.type()) {
            return false; // not a file, or the executable bit differs
        }
        ObjectId id = cache.cleanId(path, now.stat());
        if (id == null) {
            try (var in = Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                id =
                        new org.eclipse.jgit.lib.ObjectInserter.Formatter()
                                .idFor(Constants.OBJ_BLOB, now.stat().size(), in);
            } catch (java.io.EOFException changed) {
                return false;
            }
        }
        return id.equals(wanted.id());
    }

    /** Every folder the snapshot has a path under. */
    private static Set<String> folders(Map<String, SnapshotEntry> entries) {
        Set<String> folders = new HashSet<>();
        for (Map.Entry<String, SnapshotEntry> entry : entries.entrySet()) {
            if (entry.getValue().type() == EntryType.EMPTY_DIR) {
                folders.add(entry.getKey());
            }
            String folder = Checkout.parentOf(entry.getKey());
            while (!folder.isEmpty() && folders.add(folder)) {
                folder = Checkout.parentOf(folder);
            }
        }
        return folders;
    }
}
