package io.harnessgym.snapshot;

import io.harnessgym.error.HarnessGymException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.util.sha1.SHA1;

/**
 * Reads snapshot objects and proves each one is what its id names: every commit, tree and blob is
 * hashed again (with SHA-1 collision detection) as it is read, so an object altered in the store,
 * or in the user's repository serving as an alternate, is an error, never silently other content.
 * Replace refs and grafts are never consulted: objects are read by id, raw. Not thread-safe; one
 * per thread.
 */
final class VerifiedObjects implements AutoCloseable {
    private final ObjectReader reader;

    VerifiedObjects(Repository repository) {
        this.reader = repository.newObjectReader();
    }

    /** A commit's metadata message and its flattened tree. */
    record Content(ObjectId commit, String message, TreeMap<String, SnapshotEntry> entries) {}

    Content snapshot(ObjectId commitId) {
        byte[] raw = raw(commitId, Constants.OBJ_COMMIT);
        RevCommit commit = RevCommit.parse(raw);
        TreeMap<String, SnapshotEntry> entries = new TreeMap<>();
        flatten(commit.getTree().getId(), "", entries, commitId);
        return new Content(commitId.copy(), commit.getFullMessage(), entries);
    }

    private void flatten(
            ObjectId treeId, String prefix, TreeMap<String, SnapshotEntry> into, ObjectId commit) {
        byte[] raw = raw(treeId, Constants.OBJ_TREE);
        if (raw.length == 0 && !prefix.isEmpty()) {
            into.put(
                    prefix.substring(0, prefix.length() - 1),
                    new SnapshotEntry(EntryType.EMPTY_DIR, treeId.copy()));
            return;
        }
        CanonicalTreeParser parser = new CanonicalTreeParser();
        parser.reset(raw);
        while (!parser.eof()) {
            String name = parser.getEntryPathString();
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")) {
                throw corrupt(commit, "a tree holds the entry name '" + name + "'");
            }
            int bits = parser.getEntryRawMode();
            ObjectId id = parser.getEntryObjectId();
            EntryType type = EntryType.of(bits);
            if (type == EntryType.EMPTY_DIR) {
                flatten(id, prefix + name + "/", into, commit);
            } else if (type == null) {
                throw corrupt(commit, "unsupported mode " + Integer.toOctalString(bits));
            } else {
                into.put(prefix + name, new SnapshotEntry(type, id));
            }
            parser.next();
        }
    }

    /** A small object (tree, commit, symlink target), whole and verified. */
    byte[] raw(ObjectId id, int type) {
        try {
            ObjectLoader loader = reader.open(id, type);
            byte[] bytes = loader.getCachedBytes(64 << 20);
            SHA1 hash = SHA1.newInstance();
            hash.update(header(type, bytes.length));
            hash.update(bytes);
            check(id, hash);
            return bytes;
        } catch (MissingObjectException e) {
            throw missing(id);
        } catch (IOException e) {
            throw HarnessGymException.badInput(
                    "snapshot object " + id.name() + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A blob up to this size is read whole (and verified before anything is written). */
    private static final long WHOLE = 8L << 20;

    /**
     * Writes a blob to {@code out}: a small one verified first, a large one streamed and verified
     * at the end (the caller discards the output on error).
     */
    long copyBlob(ObjectId id, OutputStream out) throws IOException {
        ObjectLoader loader;
        try {
            loader = reader.open(id, Constants.OBJ_BLOB);
        } catch (MissingObjectException e) {
            throw missing(id);
        }
        long size = loader.getSize();
        SHA1 hash = SHA1.newInstance();
        hash.update(header(Constants.OBJ_BLOB, size));
        if (size <= WHOLE) { // inflated in one go, verified, then written
            byte[] bytes = loader.getCachedBytes((int) WHOLE);
            hash.update(bytes);
            check(id, hash);
            out.write(bytes);
            return bytes.length;
        }
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (InputStream in = loader.openStream()) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                hash.update(buffer, 0, read);
                out.write(buffer, 0, read);
                total += read;
            }
        }
        if (total != size) {
            throw HarnessGymException.badInput(
                    "snapshot object " + id.name() + " is truncated (store tampered with?)");
        }
        check(id, hash);
        return total;
    }

    private static void check(ObjectId id, SHA1 hash) {
        ObjectId actual;
        try {
            actual = hash.toObjectId();
        } catch (org.eclipse.jgit.util.sha1.Sha1CollisionException e) {
            throw HarnessGymException.badInput(
                    "snapshot object " + id.name() + " is a SHA-1 collision attempt", e);
        }
        if (!actual.equals(id)) {
            throw HarnessGymException.badInput(
                    "snapshot object "
                            + id.name()
                            + " does not hold the content its id names: the snapshot store (or"
                            + " the repository it borrows objects from) was tampered with");
        }
    }

    private static byte[] header(int type, long length) {
        return (Constants.typeString(type) + " " + length + "\0")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static HarnessGymException missing(ObjectId id) {
        return HarnessGymException.badInput(
                "snapshot object "
                        + id.name()
                        + " is missing (was the store, or the repository it borrows objects from,"
                        + " pruned?)");
    }

    private static HarnessGymException corrupt(ObjectId commit, String why) {
        return HarnessGymException.badInput("snapshot " + commit.name() + " is damaged: " + why);
    }

    @Override
    public void close() {
        reader.close();
    }
}
