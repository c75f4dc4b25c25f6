package io.harnessgym.loop;

import io.harnessgym.registry.ArtifactKind;
import io.harnessgym.workspace.Digests;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What no agent phase may change and no snapshot holds (snapshots leave out {@code .git} and {@code
 * .harnessgym}): the repository's control files ({@code .git} itself when it is a file, and its
 * {@code config}, {@code HEAD}, {@code packed-refs}, {@code shallow}, {@code commondir}, {@code
 * hooks/}, {@code info/} with {@code grafts}, {@code refs/} with {@code refs/replace}, {@code
 * objects/info/} with {@code alternates}) and everything in {@code .harnessgym} but the kind
 * folders and the lock. Taken before and after every agent phase; harnessgym writes neither while a
 * phase runs, so any difference is the agent's (or something it started). Links are recorded by
 * target, never followed; a file is recorded by its SHA-256.
 */
final class ControlFiles {
    static final Set<String> GIT_FILES =
            Set.of("config", "config.worktree", "HEAD", "packed-refs", "shallow", "commondir");
    static final Set<String> GIT_FOLDERS = Set.of("hooks", "info", "refs", "objects/info");

    /** At most this many entries are read in each area; past it, the count is what is compared. */
    static final int MAX_ENTRIES = 20_000;

    /** An edit: the phase, the area ({@code git} or {@code harnessgym}) and the change. */
    record Edit(String phase, String area, String change) {}

    private ControlFiles() {}

    /** Path (from the workspace root) to what it is: {@code dir}, {@code link:...}, a digest. */
    static Map<String, String> fingerprint(Path root) {
        Map<String, String> found = new TreeMap<>();
        Path git = root.resolve(".git");
        if (Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS)) {
            for (String name : GIT_FILES) {
                walk(root, git.resolve(name), found, Set.of());
            }
            for (String name : GIT_FOLDERS) {
                walk(root, git.resolve(name), found, Set.of());
            }
        } else {
            walk(root, git, found, Set.of());
        }
        Set<String> skipped = new TreeSet<>();
        skipped.add(".harnessgym/lock");
        for (ArtifactKind kind : ArtifactKind.values()) {
            skipped.add(".harnessgym/" + kind.directory());
        }
        walk(root, root.resolve(".harnessgym"), found, skipped);
        return found;
    }

    /** What differs from {@code before} to {@code after}, as edits of {@code phase}. */
    static List<Edit> edits(String phase, Map<String, String> before, Map<String, String> after) {
        List<Edit> edits = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        for (String path : paths) {
            String was = before.get(path);
            String is = after.get(path);
            if (was != null && was.equals(is)) {
                continue;
            }
            String mark = was == null ? "+ " : is == null ? "- " : "~ ";
            edits.add(new Edit(phase, path.startsWith(".git") ? "git" : "harnessgym", mark + path));
        }
        return edits;
    }

    private static void walk(
            Path root, Path start, Map<String, String> found, Set<String> skipped) {
        if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int[] count = {0};
        try {
            Files.walkFileTree(
                    start,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(
                                Path dir, BasicFileAttributes attrs) {
                            String relative = relative(root, dir);
                            if (skipped.contains(relative)) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            return add(relative, "dir");
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            String relative = relative(root, file);
                            if (skipped.contains(relative)) {
                                return FileVisitResult.CONTINUE;
                            }
                            return add(relative, describe(file, attrs));
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return add(
                                    relative(root, file),
                                    e instanceof NoSuchFileException ? "gone" : "unreadable");
                        }

                        private FileVisitResult add(String relative, String what) {
                            if (++count[0] > MAX_ENTRIES) {
                                found.put(relative(root, start) + "/…", "more than " + MAX_ENTRIES);
                                return FileVisitResult.TERMINATE;
                            }
                            found.put(relative, what);
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            found.put(relative(root, start), "unreadable");
        }
    }

    private static String describe(Path file, BasicFileAttributes attrs) {
        try {
            if (attrs.isSymbolicLink()) {
                return "link:" + Files.readSymbolicLink(file);
            }
            if (!attrs.isRegularFile()) {
                return "special";
            }
            // A hook made executable is an edit too.
            return (Files.isExecutable(file) ? "x:" : "") + Digests.file(file, Long.MAX_VALUE);
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static String relative(Path root, Path path) {
        return root.relativize(path).toString();
    }
}
