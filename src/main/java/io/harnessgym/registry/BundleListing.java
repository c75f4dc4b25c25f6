package io.harnessgym.registry;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one walk of the bundle saw: each listed folder's entries with their own (not followed)
 * attributes. Discovery makes it; the digests and confinement checks of the same reconcile pass
 * read it instead of listing and stat-ing every folder and path a second time. A folder it does not
 * hold is read from the file system, so a path outside the bundle is handled exactly as without it.
 */
final class BundleListing {
    /** An empty listing: everything is read from the file system. */
    static final BundleListing NONE = new BundleListing();

    /** A folder entry and its attributes (PosixFileAttributes where the platform has them). */
    record Entry(Path path, BasicFileAttributes attributes) {}

    private final Map<Path, List<Entry>> folders = new ConcurrentHashMap<>();
    private final Map<Path, BasicFileAttributes> attributes = new ConcurrentHashMap<>();

    /** The entries of {@code folder}, from this listing when it holds them, else read now. */
    List<Entry> entries(Path folder) throws IOException {
        List<Entry> listed = folders.get(folder);
        return listed != null ? listed : read(folder, false);
    }

    /** The attributes of {@code path}, links not followed: from this listing when it holds them. */
    BasicFileAttributes attributes(Path path) throws IOException {
        BasicFileAttributes listed = attributes.get(path);
        return listed != null ? listed : attributesOf(path);
    }

    /** Whether {@code path} exists (links not followed): seen by the walk, or found now. */
    boolean exists(Path path) {
        return attributes.containsKey(path) || Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether the walk saw {@code path} and it was not a symlink (for confinement checks). */
    boolean sawAsNotLink(Path path) {
        BasicFileAttributes listed = attributes.get(path);
        return listed != null && !listed.isSymbolicLink();
    }

    /**
     * Lists {@code folder} from the file system and remembers it and its entries. An entry whose
     * attributes cannot be read (it vanished, or is unreadable) is left out, as a walk passes over
     * it.
     */
    List<Entry> list(Path folder) throws IOException {
        List<Entry> entries = read(folder, true);
        folders.put(folder, entries);
        for (Entry entry : entries) {
            attributes.put(entry.path(), entry.attributes());
        }
        return entries;
    }

    /**
     * Remembers a path's attributes read outside a folder listing (the bundle and kind folders).
     */
    BasicFileAttributes remember(Path path) throws IOException {
        BasicFileAttributes read = attributesOf(path);
        attributes.put(path, read);
        return read;
    }

    private static List<Entry> read(Path folder, boolean skipUnreadable) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
            for (Path child : children) {
                BasicFileAttributes childAttributes;
                try {
                    childAttributes = attributesOf(child);
                } catch (IOException e) {
                    if (skipUnreadable) {
                        continue;
                    }
                    throw e;
                }
                entries.add(new Entry(child, childAttributes));
            }
        }
        return entries;
    }

    /** One lstat: type, size and (on POSIX) mode at once. */
    static BasicFileAttributes attributesOf(Path path) throws IOException {
        try {
            return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
