package io.harnessgym.task;

import io.harnessgym.process.Overlay;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.workspace.FileTrees;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A task's protected paths (the scorer, its helpers, fixtures: what the check reads) put back in a
 * room as the baseline snapshot has them, whatever the room held there (a link, an edited or an
 * extra file); a path the baseline lacks is removed. The baseline's copy is materialised once, in
 * {@code baselineRoom}, with only those paths.
 */
public final class ProtectedPaths {
    private ProtectedPaths() {}

    public static void restore(
            SnapshotStore store,
            String baselineId,
            Path baselineRoom,
            Path room,
            List<String> paths)
            throws IOException {
        if (paths.isEmpty()) {
            return;
        }
        materialize(store, baselineId, baselineRoom, paths);
        for (String relative : roots(paths, room, baselineRoom)) {
            Path target = room.resolve(relative).normalize();
            Path source = baselineRoom.resolve(relative).normalize();
            if (!target.startsWith(room) || !source.startsWith(baselineRoom)) {
                continue; // refused when the task was read
            }
            FileTrees.delete(target);
            if (Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                copy(source, target);
            }
        }
    }

    /**
     * The same for an overlay room over {@code lower} (the live workspace, not written): the
     * baseline's copy of each protected path goes into {@code upper} (a folder made opaque, so
     * nothing the workspace has there shows through); a path the baseline lacks and {@code lower}
     * has is hidden by a whiteout, returned for the overlay to make. Nothing is put under {@code
     * hidden} (paths the room leaves out, whiteouts of their own) or twice under one path.
     */
    public static List<Path> over(
            SnapshotStore store,
            String baselineId,
            Path baselineRoom,
            Path lower,
            Path upper,
            List<String> paths,
            List<String> hidden)
            throws IOException {
        List<Path> whiteouts = new ArrayList<>();
        if (paths.isEmpty()) {
            return whiteouts;
        }
        materialize(store, baselineId, baselineRoom, paths);
        List<String> done = new ArrayList<>();
        for (String relative : new TreeSet<>(roots(paths, lower, baselineRoom))) {
            if (under(relative, hidden) || under(relative, done)) {
                continue;
            }
            done.add(relative);
            Path target = upper.resolve(relative).normalize();
            Path source = baselineRoom.resolve(relative).normalize();
            if (!target.startsWith(upper) || !source.startsWith(baselineRoom)) {
                continue; // refused when the task was read
            }
            if (Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                copy(source, target);
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Overlay.opaque(target);
                }
            } else if (Files.exists(lower.resolve(relative), LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(target.getParent());
                whiteouts.add(target);
            }
        }
        return whiteouts;
    }

    private static boolean under(String relative, List<String> roots) {
        return roots.stream()
                .anyMatch(root -> relative.equals(root) || relative.startsWith(root + "/"));
    }

    /** Whether {@code relative} is a protected path or lies under one. */
    private static boolean covers(List<String> paths, String relative) {
        return paths.stream().anyMatch(p -> PathPatterns.covers(p, relative));
    }

    private static void materialize(
            SnapshotStore store, String baselineId, Path baselineRoom, List<String> paths) {
        if (!Files.isDirectory(baselineRoom, LinkOption.NOFOLLOW_LINKS)) {
            store.materialize(baselineId, baselineRoom, path -> covers(paths, path));
        }
    }

    /** The paths to put back: each plain path, and what a glob covers in either tree. */
    private static List<String> roots(List<String> paths, Path room, Path baselineRoom)
            throws IOException {
        List<String> roots = new ArrayList<>();
        for (String pattern : paths) {
            roots.addAll(
                    PathPatterns.isGlob(pattern)
                            ? union(matching(room, pattern), matching(baselineRoom, pattern))
                            : List.of(pattern));
        }
        return roots;
    }

    /**
     * The topmost paths in {@code root} a glob covers (a folder it matches stands for everything in
     * it). Links are not followed.
     */
    private static List<String> matching(Path root, String glob) throws IOException {
        List<String> found = new ArrayList<>();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return found;
        }
        Files.walkFileTree(
                root,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (dir.equals(root)) {
                            return FileVisitResult.CONTINUE;
                        }
                        String relative = relative(root, dir);
                        if (PathPatterns.covers(glob, relative)) {
                            found.add(relative);
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        String relative = relative(root, file);
                        if (PathPatterns.covers(glob, relative)) {
                            found.add(relative);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
        return found;
    }

    private static String relative(Path root, Path path) {
        return root.relativize(path).toString();
    }

    private static List<String> union(List<String> a, List<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    private static void copy(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            try (var walk = Files.walk(source)) {
                for (Path from : (Iterable<Path>) walk::iterator) {
                    Path to = target.resolve(source.relativize(from).toString());
                    if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(
                                from,
                                to,
                                StandardCopyOption.COPY_ATTRIBUTES,
                                LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
        } else {
            Files.copy(
                    source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
