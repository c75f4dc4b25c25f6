package io.harnessgym.registry;

import io.harnessgym.workspace.ConfinedPaths;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the artifacts the files declare: a skill only where a {@code SKILL.md} is, an MCP server
 * only where a manifest is, and every other file of the other kinds. Litter is skipped; symlinks
 * are listed but not followed (confinement checks them later).
 */
public final class Discovery {
    private Discovery() {}

    /** A discovered artifact: its kind and its workspace-relative path. */
    public record Found(ArtifactKind kind, String path) {
        public String id() {
            return Artifact.idFor(kind.id(), path);
        }
    }

    public static List<Found> scan(Workspace workspace) {
        List<Found> found = new ArrayList<>();
        for (ArtifactKind kind : ArtifactKind.values()) {
            Path dir = workspace.bundleDir().resolve(kind.directory());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<String> paths = new ArrayList<>();
            try {
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                        return Litter.isLitterDirectory(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (declares(kind, file) || (attrs.isSymbolicLink() && leavesWorkspace(workspace, file))) {
                            paths.add(workspace.relative(file));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot scan " + dir + ": " + e.getMessage(), e);
            }
            paths.sort(null);
            paths.forEach(path -> found.add(new Found(kind, path)));
        }
        return found;
    }

    /**
     * A symlink that leads out of the workspace is registered whatever its name, so that the registry
     * lists it as invalid with the reason instead of passing over it in silence.
     */
    private static boolean leavesWorkspace(Workspace workspace, Path link) {
        try {
            ConfinedPaths.requireInside(workspace.root(), link, "link");
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static boolean declares(ArtifactKind kind, Path file) {
        if (Litter.isLitterFile(file)) {
            return false;
        }
        String name = file.getFileName().toString();
        return switch (kind) {
            case SKILL -> name.equals("SKILL.md");
            case MCP -> McpManifestParser.isManifestName(name);
            default -> true;
        };
    }
}
