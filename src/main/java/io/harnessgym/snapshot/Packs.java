package io.harnessgym.snapshot;

import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;

/** Writing many objects at once: into one pack, not a file each (docs/snapshots.md). */
final class Packs {
    private Packs() {}

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
