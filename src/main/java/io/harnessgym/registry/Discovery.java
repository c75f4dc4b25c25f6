package io.harnessgym.registry;

import io.harnessgym.workspace.ConfinedPaths;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** What a scan found, and the listing of the bundle it made on the way (for the same pass). */
    public record Scan(List<Found> found, BundleListing listing) {}

    /**
     * Finds the declared artifacts, and keeps every folder it lists with its entries' attributes.
     */
    public static Scan scan(Workspace workspace) {
        BundleListing listing = new BundleListing();
        List<Found> found = new ArrayList<>();
        rememberQuietly(listing, workspace.bundleDir());
        for (ArtifactKind kind : ArtifactKind.values()) {
            Path dir = workspace.bundleDir().resolve(kind.directory());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<String> paths = new ArrayList<>();
            try {
                BasicFileAttributes attributes = listing.remember(dir);
                if (attributes.isDirectory()) {
                    walk(workspace, kind, dir, listing, paths);
                } else if (declares(kind, dir)
                        || (attributes.isSymbolicLink() && leavesWorkspace(workspace, dir))) {
                    // A kind folder that is a link is not walked (links are never followed), only
                    // judged.
                    paths.add(workspace.relative(dir));
                }
            } catch (IOException e) {
                // An unreadable kind folder declares nothing, as before; its registered entries
                // still show their problem.
            }
            paths.sort(null);
            paths.forEach(path -> found.add(new Found(kind, path)));
        }
        return new Scan(found, listing);
    }

    /**
     * Depth first, links not followed, litter folders skipped; a sub-folder that cannot be read is
     * passed over.
     */
    private static void walk(
            Workspace workspace,
            ArtifactKind kind,
            Path dir,
            BundleListing listing,
            List<String> paths)
            throws IOException {
        for (BundleListing.Entry entry : listing.list(dir)) {
            Path path = entry.path();
            if (entry.attributes().isDirectory()) {
                if (!Litter.isLitterDirectory(path)) {
                    try {
                        walk(workspace, kind, path, listing, paths);
                    } catch (IOException e) {
                        // As a file walk does: an unreadable folder is skipped, the rest is
                        // scanned.
                    }
                }
            } else if (declares(kind, path)
                    || (entry.attributes().isSymbolicLink() && leavesWorkspace(workspace, path))) {
                paths.add(workspace.relative(path));
            }
        }
    }

    private static void rememberQuietly(BundleListing listing, Path path) {
        try {
            listing.remember(path);
        } catch (IOException e) {
            // No bundle folder yet: nothing to remember, and the kind folders are missing too.
        }
    }

    /**
     * A symlink that leads out of the workspace is registered whatever its name, so that the
     * registry lists it as invalid with the reason instead of passing over it in silence.
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
