package io.harnessgym.registry;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.workspace.ConfinedPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 over an artifact's files: for each file, in order of its relative path (forward slashes,
 * compared as strings), its type (regular, executable, symlink), path, and content or link target.
 * Litter is skipped, so {@code __pycache__} appearing does not change a digest. Symlinks are hashed
 * as links, never followed; one that leaves the workspace is an error.
 */
public final class ContentDigest {
    public static final String PREFIX = "sha256:";
    private static final long SMALL_FILE = 256 * 1024;

    private ContentDigest() {}

    /** The digest of a file, or of a directory tree, as {@code sha256:<hex>}. */
    public static String of(Path workspaceRoot, Path target) {
        return of(workspaceRoot, target, BundleListing.NONE);
    }

    /**
     * {@link #of(Path, Path)}, taking folder entries and attributes from the pass's listing where
     * it has them.
     */
    static String of(Path workspaceRoot, Path target, BundleListing listing) {
        MessageDigest sha = sha256();
        try {
            BasicFileAttributes attributes = listing.attributes(target);
            if (attributes.isDirectory()) {
                for (Entry entry : entriesIn(target, listing)) {
                    hashEntry(sha, workspaceRoot, entry);
                }
            } else {
                hashEntry(
                        sha,
                        workspaceRoot,
                        new Entry(target, target.getFileName().toString(), attributes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot digest " + target + ": " + e.getMessage(), e);
        }
        return PREFIX + HexFormat.of().formatHex(sha.digest());
    }

    /** The first 12 hex digits, for tables. */
    public static String shortForm(String digest) {
        if (digest == null) {
            return "-";
        }
        String hex = digest.startsWith(PREFIX) ? digest.substring(PREFIX.length()) : digest;
        return hex.substring(0, Math.min(12, hex.length()));
    }

    /**
     * A file to hash: where it is, its name relative to the artifact, and its own (lstat)
     * attributes.
     */
    private record Entry(Path file, String name, BasicFileAttributes attributes) {}

    private static List<Entry> entriesIn(Path dir, BundleListing listing) throws IOException {
        List<Entry> entries = new ArrayList<>();
        collect(dir, "", entries, listing);
        entries.sort(java.util.Comparator.comparing(Entry::name));
        return entries;
    }

    /**
     * A folder's files, links not followed, each with its own attributes (one lstat, or none when
     * listed).
     */
    private static void collect(Path dir, String prefix, List<Entry> entries, BundleListing listing)
            throws IOException {
        for (BundleListing.Entry child : listing.entries(dir)) {
            Path path = child.path();
            String name = prefix + path.getFileName();
            if (child.attributes().isDirectory()) {
                if (!Litter.isLitterDirectory(path)) {
                    collect(path, name + "/", entries, listing);
                }
            } else if (!Litter.isLitterFile(path)) {
                entries.add(new Entry(path, name, child.attributes()));
            }
        }
    }

    private static void hashEntry(MessageDigest sha, Path root, Entry entry) throws IOException {
        Path file = entry.file();
        BasicFileAttributes attributes = entry.attributes();
        if (attributes.isSymbolicLink()) {
            ConfinedPaths.requireInside(root, file, "symlink " + root.relativize(file));
            update(sha, "L " + entry.name() + "\0" + Files.readSymbolicLink(file) + "\0");
            return;
        }
        if (!attributes.isRegularFile()) {
            throw HarnessGymException.badInput(root.relativize(file) + " is not a regular file");
        }
        long size = attributes.size();
        update(
                sha,
                (isExecutable(file, attributes) ? "X " : "F ") + entry.name() + "\0" + size + "\0");
        if (size <= SMALL_FILE) {
            // Most artifact files are small: one read, no stream or buffer per file.
            sha.update(Files.readAllBytes(file));
            return;
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
    }

    /**
     * The owner's execute bit, not access(2): root may "execute" any file, which would make digests
     * user-dependent. On POSIX systems the walk's attributes already carry the permissions.
     */
    private static boolean isExecutable(Path file, BasicFileAttributes attributes)
            throws IOException {
        if (attributes instanceof PosixFileAttributes posix) {
            return posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
        }
        try {
            return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                    .contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (UnsupportedOperationException e) {
            return Files.isExecutable(file);
        }
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
