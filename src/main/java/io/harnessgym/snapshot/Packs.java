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
     * object; the caller checks for existing objects itself, alternates included.
     */
    static ObjectInserter newInserter(Repository repository) {
        if (repository.getObjectDatabase() instanceof ObjectDirectory objects) {
            PackInserter inserter = objects.newPackInserter();
            inserter.checkExisting(false);
            inserter.setCompressionLevel(1);
            return inserter;
        }
        return repository.newObjectInserter();
    }
}
