package io.harnessgym.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Deletes the store's loose objects that no snapshot reaches (left by a snapshot killed half-way,
 * or by a dropped one). The stat cache goes too, since it may name a deleted blob. Run it holding
 * the workspace lock, so no snapshot is being taken.
 */
public final class Gc {
    private Gc() {}

    /** What a collection removed. */
    public record Result(int objectsRemoved, long bytesRemoved, int objectsKept) {}

    static Result run(SnapshotStore store) {
        Set<ObjectId> reachable = new HashSet<>();
        try (VerifiedObjects objects = new VerifiedObjects(store.repository())) {
            for (Ref ref :
                    store.repository().getRefDatabase().getRefsByPrefix(SnapshotStore.REF_PREFIX)) {
                ObjectId commit = ref.getObjectId();
                reachable.add(commit.copy());
                RevCommit parsed = RevCommit.parse(objects.raw(commit, Constants.OBJ_COMMIT));
                mark(objects, parsed.getTree().getId(), reachable);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path objectsDir = store.repository().getDirectory().toPath().resolve("objects");
        int removed = 0;
        int kept = 0;
        long bytes = 0;
        try (DirectoryStream<Path> fans =
                Files.newDirectoryStream(objectsDir, "[0-9a-f][0-9a-f]")) {
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
            Files.deleteIfExists(store.statCacheFile());
            Files.deleteIfExists(store.bundleStatCacheFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(removed, bytes, kept);
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
