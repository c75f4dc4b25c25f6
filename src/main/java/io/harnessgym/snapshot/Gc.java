package io.harnessgym.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Deletes the store's objects that no snapshot reaches (left by a snapshot killed half-way, or by a
 * dropped one): loose objects one by one; a pack whose objects are all unreachable as a whole; a
 * pack that holds some of each is rewritten with only the reachable ones (each read verified), then
 * deleted. The stat caches go too, since they may name a deleted blob. Run it holding the workspace
 * lock, so no snapshot is being taken.
 */
public final class Gc {
    private Gc() {}

    /** What a collection removed. */
    public record Result(int objectsRemoved, long bytesRemoved, int objectsKept) {}

    static Result run(SnapshotStore store) {
        Set<ObjectId> reachable = new HashSet<>();
        try (VerifiedObjects objects = new VerifiedObjects(store.repository())) {
            for (Ref ref : store.refs().all()) {
                ObjectId commit = ref.getObjectId();
                reachable.add(commit.copy());
                RevCommit parsed = RevCommit.parse(objects.raw(commit, Constants.OBJ_COMMIT));
                mark(objects, parsed.getTree().getId(), reachable);
            }
        }
        Path objectsDir = store.repository().getDirectory().toPath().resolve("objects");
        int removed = 0;
        int kept = 0;
        long bytes = 0;
        try (DirectoryStream<Path> fans =
                Files.newDirectoryStream(objectsDir, Packs.LOOSE_FAN_OUT)) {
            for (Path fan : fans) {
                try (DirectoryStream<Path> loose = Files.newDirectoryStream(fan)) {
                    for (Path object : loose) {
                        String name = fan.getFileName().toString() + object.getFileName();
                        if (!ObjectId.isId(name)) {
                            continue;
                        }
                        if (reachable.contains(ObjectId.fromString(name))) {
                            kept++;
                        } else {
                            bytes += Files.size(object);
                            Files.delete(object);
                            removed++;
                        }
                    }
                }
            }
            PackCount packs = collectPacks(store, objectsDir.resolve("pack"), reachable);
            removed += packs.removed;
            kept += packs.kept;
            bytes += packs.bytes;
            Files.deleteIfExists(store.statCacheFile());
            Files.deleteIfExists(store.bundleStatCacheFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(removed, bytes, kept);
    }

    private static final class PackCount {
        int removed;
        int kept;
        long bytes;
    }

    private static PackCount collectPacks(
            SnapshotStore store, Path packDir, Set<ObjectId> reachable) throws IOException {
        PackCount count = new PackCount();
        // A pack being written when its snapshot was killed (the writer's temporary files, in
        // objects/).
        try (DirectoryStream<Path> stale =
                Files.newDirectoryStream(packDir.getParent(), "insert_*")) {
            for (Path temp : stale) {
                count.bytes += Files.size(temp);
                Files.delete(temp);
            }
        }
        if (!Files.isDirectory(packDir)) {
            return count;
        }
        List<Path> indexes = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(packDir, "pack-*.idx")) {
            listing.forEach(indexes::add);
        }
        for (Path idx : indexes) {
            Path pack = idx.resolveSibling(idx.getFileName().toString().replace(".idx", ".pack"));
            List<ObjectId> live = new ArrayList<>();
            long total = 0;
            for (PackIndex.MutableEntry entry : PackIndex.open(idx.toFile())) {
                total++;
                ObjectId id = entry.toObjectId();
                if (reachable.contains(id)) {
                    live.add(id);
                }
            }
            if (live.size() == total) {
                count.kept += live.size();
                continue;
            }
            if (!live.isEmpty()) {
                copyInto(store, live);
            }
            count.removed += (int) (total - live.size());
            count.kept += live.size();
            count.bytes += Files.exists(pack) ? Files.size(pack) : 0;
            store.repository().getObjectDatabase().close(); // let go of the old pack's handles
            String base = pack.getFileName().toString().replace(".pack", "");
            for (String suffix : List.of(".keep", ".bitmap", ".rev", ".idx", ".pack")) {
                Files.deleteIfExists(packDir.resolve(base + suffix));
            }
        }
        return count;
    }

    /** Writes {@code ids} again (verified as read) into a new pack of their own. */
    private static void copyInto(SnapshotStore store, List<ObjectId> ids) throws IOException {
        try (VerifiedObjects objects = new VerifiedObjects(store.repository());
                ObjectInserter inserter = Packs.newInserter(store.repository(), false);
                ObjectReader reader = store.repository().newObjectReader()) {
            for (ObjectId id : ids) {
                int type = reader.open(id).getType();
                if (type == Constants.OBJ_BLOB) {
                    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                    objects.copyBlob(id, bytes);
                    inserter.insert(type, bytes.toByteArray());
                } else {
                    inserter.insert(type, objects.raw(id, type));
                }
            }
            inserter.flush();
        }
    }

    private static void mark(VerifiedObjects objects, ObjectId tree, Set<ObjectId> reachable) {
        if (!reachable.add(tree.copy())) {
            return;
        }
        CanonicalTreeParser parser = new CanonicalTreeParser();
        parser.reset(objects.raw(tree, Constants.OBJ_TREE));
        while (!parser.eof()) {
            ObjectId id = parser.getEntryObjectId();
            if (EntryType.of(parser.getEntryRawMode()) == EntryType.EMPTY_DIR) {
                mark(objects, id, reachable);
            } else {
                reachable.add(id);
            }
            parser.next();
        }
    }

    /** The bytes of the files under {@code dir}. */
    static long diskBytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(
                            file -> {
                                try {
                                    return Files.size(file);
                                } catch (IOException e) {
                                    return 0;
                                }
                            })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
