package io.harnessgym.workspace;

import io.harnessgym.error.HarnessGymException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;

/**
 * Turns untrusted relative paths (registry paths, manifest cwds) into paths that are guaranteed to
 * stay inside the workspace: no absolute paths, no {@code ..}, and no symlink that leads out.
 */
public final class ConfinedPaths {
    private ConfinedPaths() {}

    /**
     * Resolves {@code relative} against {@code root} (which must be a real path).
     *
     * @param what how the path is named in an error, e.g. {@code "registry path"}
     */
    public static Path resolve(Path root, String relative, String what) {
        return resolve(root, relative, what, path -> false);
    }

    /**
     * {@link #resolve(Path, String, String)} for one pass over many paths: {@code seenAsNotLink}
     * names paths that pass has just seen (links not followed) not to be symlinks, so they are not
     * stat-ed again.
     */
    public static Path resolve(
            Path root, String relative, String what, Predicate<Path> seenAsNotLink) {
        String problem = lexicalProblem(relative);
        if (problem != null) {
            throw HarnessGymException.badInput(what + " '" + relative + "' " + problem);
        }
        Path resolved = root.resolve(relative).normalize();
        requireInside(root, resolved, what + " '" + relative + "'", seenAsNotLink);
        return resolved;
    }

    /**
     * Why a path string is refused before touching the file system, or null when it is acceptable.
     */
    public static String lexicalProblem(String relative) {
        if (relative == null || relative.isEmpty()) {
            return "is empty";
        }
        if (relative.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        if (relative.startsWith("/") || Path.of(relative).isAbsolute()) {
            return "is absolute; use a path relative to the workspace";
        }
        if (hasParentSegment(relative)) {
            return "contains '..'; paths must stay inside the workspace";
        }
        return null;
    }

    /**
     * Whether a segment between separators ({@code /} or {@code \\}) is {@code ..}; no regex, it
     * runs per artifact.
     */
    private static boolean hasParentSegment(String path) {
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/' || path.charAt(i) == '\\') {
                if (i - start == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.') {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /**
     * Fails when {@code path}, or the deepest part of it that exists, resolves (through symlinks)
     * to a place outside {@code root}, which must be a real path (as {@code Workspace.root()} is).
     */
    public static void requireInside(Path root, Path path, String shownAs) {
        requireInside(root, path, shownAs, seen -> false);
    }

    private static void requireInside(
            Path root, Path path, String shownAs, Predicate<Path> seenAsNotLink) {
        Path normalized = path.normalize();
        if (!normalized.startsWith(root)) {
            throw HarnessGymException.badInput(shownAs + " leaves the workspace");
        }
        if (!passesThroughSymlink(root, normalized, seenAsNotLink)) {
            // The root is real and nothing below it on the way is a link: the path is where it
            // says.
            return;
        }
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            // A dangling symlink: where it points decides.
            real = danglingTarget(existing);
        }
        if (real != null && !real.startsWith(root)) {
            throw HarnessGymException.badInput(
                    shownAs + " resolves through a symlink to " + real + ", outside the workspace");
        }
    }

    /**
     * Whether a component of {@code path} below {@code root}, up to the first that does not exist,
     * is a symlink. One lstat per component, where {@code toRealPath} would also re-resolve the
     * root's own components (registry sync checks every artifact this way).
     */
    private static boolean passesThroughSymlink(
            Path root, Path path, Predicate<Path> seenAsNotLink) {
        Path current = root;
        for (Path name : root.relativize(path)) {
            current = current.resolve(name);
            if (seenAsNotLink.test(current)) {
                continue;
            }
            BasicFileAttributes attributes;
            try {
                attributes =
                        Files.readAttributes(
                                current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                return false;
            }
            if (attributes.isSymbolicLink()) {
                return true;
            }
        }
        return false;
    }

    private static Path danglingTarget(Path link) {
        try {
            if (Files.isSymbolicLink(link)) {
                return link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
            }
        } catch (IOException ignored) {
            // Unreadable: treated as not resolvable, and the caller's existence checks report it.
        }
        return null;
    }
}
