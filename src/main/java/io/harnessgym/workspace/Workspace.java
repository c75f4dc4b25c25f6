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
