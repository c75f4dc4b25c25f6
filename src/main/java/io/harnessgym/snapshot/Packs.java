package io.harnessgym.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;

/** Writing many objects at once: into one pack, not a file each (docs/snapshots.md). */
final class Packs {
    /** The folders loose objects live in, named by their id's first two hex digits. */
    static final String LOOSE_FAN_OUT = "[0-9a-f][0-9a-f]";

    private Packs() {}

    /**
     * Whether the object folder {@code objects} holds no loose object: every object is in a pack,
     * where a pack inserter that looks up objects itself finds it (it does not look at loose ones),
     * so a new file is hashed once, by the inserter, not first to look it up.
     */
    static boolean holdEverything(Path objects) {
        try (var fans = Files.newDirectoryStream(objects, LOOSE_FAN_OUT)) {
            for (Path fan : fans) {
                if (!isEmptyFolder(fan)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isEmptyFolder(Path folder) throws IOException {
        try (var entries = Files.newDirectoryStream(folder)) {
            return !entries.iterator().hasNext();
        }
    }

    /**
     * An inserter that writes one pack (at the store's compression level 1) instead of a file per
     * object. With {@code lookUp}, it looks for each object in the store's own packs itself (only
     * there: neither loose objects nor a borrowed repository), so its caller need not hash a file
     * first to find out; without, the caller checks, alternates included.
     */
    static ObjectInserter newInserter(Repository repository, boolean lookUp) {
        if (repository.getObjectDatabase() instanceof ObjectDirectory objects) {
            PackInserter inserter = objects.newPackInserter();
            inserter.checkExisting(lookUp);
            inserter.setCompressionLevel(1);
            return inserter;
        }
        return repository.newObjectInserter();
    }
}
