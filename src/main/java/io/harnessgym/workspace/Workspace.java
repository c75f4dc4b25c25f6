package io.harnessgym.workspace;

import io.harnessgym.error.HarnessGymException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A workspace root (a real path) and the layout of its {@code .harnessgym/} bundle. */
public record Workspace(Path root) {
    public static final String BUNDLE_DIR = ".harnessgym";

    public Workspace {
        root = root.toAbsolutePath().normalize();
    }

    /** Opens an existing directory as a workspace; it must exist. */
    public static Workspace open(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw HarnessGymException.badInput("workspace " + absolute + " is not a directory");
        }
        try {
            return new Workspace(absolute.toRealPath());
        } catch (IOException e) {
            throw HarnessGymException.badInput("workspace " + absolute + ": " + e.getMessage(), e);
        }
    }

    public Path bundleDir() {
        return root.resolve(BUNDLE_DIR);
    }

    /**
     * Refuses a workspace without a bundle folder, with a {@code .harnessgym} that is not a folder,
     * or with one that leads out of the workspace (a symlink would put every file harnessgym writes
     * there).
     */
    public void requireBundle() {
        Path bundle = bundleDir();
        if (!Files.exists(bundle, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw HarnessGymException.badInput(
                    "no harnessgym bundle in "
                            + root
                            + " (no "
                            + BUNDLE_DIR
                            + "/ folder); run this in the repository root, pass --workspace,"
                            + " or start a bundle with 'harnessgym registry sync'");
        }
        ConfinedPaths.requireInside(root, bundle, BUNDLE_DIR);
        if (!Files.isDirectory(bundle)) {
            throw HarnessGymException.badInput(
                    bundle + " is not a folder; harnessgym keeps its bundle there");
        }
    }

    /** Whether a bundle folder is there (without judging it). */
    public boolean hasBundle() {
        return Files.exists(bundleDir(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    public Path registryFile() {
        return bundleDir().resolve("registry.json");
    }

    public Path lockFile() {
        return bundleDir().resolve("lock");
    }

    /**
     * A path as it is shown to users and stored in files: workspace-relative, with forward slashes.
     */
    public String relative(Path path) {
        Path rel = root.relativize(path.toAbsolutePath().normalize());
        String text = rel.toString().replace(java.io.File.separatorChar, '/');
        return text.isEmpty() ? "." : text;
    }

    /**
     * Resolves an untrusted workspace-relative path, refusing anything that leaves the workspace.
     */
    public Path resolveConfined(String relative, String what) {
        return ConfinedPaths.resolve(root, relative, what);
    }

    /**
     * {@link #resolveConfined(String, String)}, not stat-ing again paths a walk just saw not to be
     * links.
     */
    public Path resolveConfined(
            String relative, String what, java.util.function.Predicate<Path> seenAsNotLink) {
        return ConfinedPaths.resolve(root, relative, what, seenAsNotLink);
    }
}
