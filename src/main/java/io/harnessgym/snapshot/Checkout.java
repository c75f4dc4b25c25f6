package io.harnessgym.snapshot;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.workspace.FileTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;

/**
 * Writes snapshot entries to disk, never through a symlink: every folder on the way is checked to
 * be a real folder (a link or file in the way is removed first), files are written to a temporary
 * name and renamed, and each blob is verified as it is written. Files get mode 0644, or 0755 when
 * executable; links get their recorded target text, never followed.
 */
final class Checkout {
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");
    static final Set<PosixFilePermission> EXEC = PosixFilePermissions.fromString("rwxr-xr-x");

    private final Repository repository;
    private final Path root;

    Checkout(Repository repository, Path root) {
        this.repository = repository;
        this.root = root;
    }

    /** Writes {@code entries} (paths under {@link #root}) on all cores. */
    void writeAll(Map<String, SnapshotEntry> entries) {
        writeAll(entries, false);
    }

    /** {@link #writeAll}; {@code fresh}: into an empty folder (see {@link #write}). */
    void writeAll(Map<String, SnapshotEntry> entries, boolean fresh) {
        List<Map.Entry<String, SnapshotEntry>> files = new ArrayList<>();
        for (Map.Entry<String, SnapshotEntry> entry : entries.entrySet()) {
            SnapshotEntry value = entry.getValue();
            if (value.type() == EntryType.EMPTY_DIR) {
                realFolder(entry.getKey());
            } else {
                realFolder(parentOf(entry.getKey()));
                files.add(entry);
            }
        }
        // One reader per thread: a reader is not thread-safe.
        Parallel.forEach(
                files.size(),
                () -> new VerifiedObjects(repository),
                (objects, i) ->
                        write(objects, files.get(i).getKey(), files.get(i).getValue(), fresh),
                objects -> {});
    }

    /** Writes one file or link in place of whatever is at its path. */
    void write(VerifiedObjects objects, String relative, SnapshotEntry entry) {
        write(objects, relative, entry, false);
    }

    /**
     * {@link #write}; with {@code fresh} (nothing was at the path), a file is created there
     * directly, exclusively (so not through anything that appeared there since), not written to a
     * temporary name and renamed.
     */
    void write(VerifiedObjects objects, String relative, SnapshotEntry entry, boolean fresh) {
        Path target = root.resolve(relative);
        if (fresh && entry.type() != EntryType.SYMLINK) {
            writeNew(objects, target, entry);
            return;
        }
        try {
            if (entry.type() == EntryType.SYMLINK) {
                String link =
                        new String(
                                objects.raw(entry.id(), Constants.OBJ_BLOB),
                                StandardCharsets.UTF_8);
                removeAnything(target);
                Files.createSymbolicLink(target, Path.of(link));
                return;
            }
            Path temp =
                    target.resolveSibling(
                            ".hg-write-"
                                    + Long.toHexString(ThreadLocalRandom.current().nextLong())
                                    + ".tmp");
            try {
                try (OutputStream out =
                        Files.newOutputStream(
                                temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    objects.copyBlob(entry.id(), out);
                }
                Files.setPosixFilePermissions(
                        temp, entry.type() == EntryType.EXECUTABLE ? EXEC : FILE);
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    removeAnything(target);
                }
                Files.move(
                        temp,
                        target,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw HarnessGymException.badInput("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void writeNew(VerifiedObjects objects, Path target, SnapshotEntry entry) {
        boolean created = false;
        boolean done = false;
        try {
            try (OutputStream out =
                    Files.newOutputStream(
                            target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                created = true;
                objects.copyBlob(entry.id(), out);
            }
            Files.setPosixFilePermissions(
                    target, entry.type() == EntryType.EXECUTABLE ? EXEC : FILE);
            done = true;
        } catch (IOException e) {
            throw HarnessGymException.badInput("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (created && !done) {
                try {
                    Files.deleteIfExists(target); // half written or unverified: not left
                } catch (IOException e) {
                    // reported by the write's own failure
                }
            }
        }
    }

    /** Makes {@code relative} (and each folder above it) a real folder, never following a link. */
    void realFolder(String relative) {
        if (relative.isEmpty()) {
            return;
        }
        Path current = root;
        for (String part : relative.split("/")) {
            current = current.resolve(part);
            try {
                if (Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                removeAnything(current);
                Files.createDirectory(current);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Deletes a file, a link (not what it points at) or a whole folder; nothing there is fine. */
    static void removeAnything(Path path) throws IOException {
        FileTrees.delete(path);
    }

    /** Removes {@code relative}'s folder and each above it that is now empty, up to the root. */
    void pruneEmptyParents(String relative, java.util.function.Predicate<String> keep) {
        String folder = parentOf(relative);
        while (!folder.isEmpty() && !keep.test(folder)) {
            try {
                Files.delete(root.resolve(folder));
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                return;
            }
            folder = parentOf(folder);
        }
    }

    static String parentOf(String relative) {
        int slash = relative.lastIndexOf('/');
        return slash < 0 ? "" : relative.substring(0, slash);
    }
}
