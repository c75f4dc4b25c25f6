package io.harnessgym.registry;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a registry entry's content is. {@code definition} is the file that defines it (the {@code
 * SKILL.md}, the MCP manifest, or the path itself); {@code contentRoot} is what its digest covers:
 * for a skill or server always the folder of its definition, otherwise the path itself.
 */
public record ArtifactTarget(
        Optional<ArtifactKind> kind, Path path, Path definition, Path contentRoot) {

    /**
     * Resolves an entry's path the way the Python tool did (§2.4, §2.5 of the reference), but
     * confined to the workspace. Throws {@link HarnessGymException} with the reason when it cannot.
     */
    public static ArtifactTarget resolve(Workspace workspace, Artifact artifact) {
        return resolve(workspace, artifact, BundleListing.NONE);
    }

    /**
     * {@link #resolve(Workspace, Artifact)}, skipping the link checks of paths the pass's walk saw.
     */
    static ArtifactTarget resolve(Workspace workspace, Artifact artifact, BundleListing listing) {
        if (artifact.kind() == null) {
            throw HarnessGymException.badInput("entry has no 'kind'");
        }
        if (artifact.path() == null) {
            throw HarnessGymException.badInput("entry has no 'path'");
        }
        Path path =
                workspace.resolveConfined(artifact.path(), "registry path", listing::sawAsNotLink);
        if (!listing.exists(path)) {
            throw HarnessGymException.badInput(
                    artifact.path() + " does not exist (registry sync prunes it)");
        }
        Optional<ArtifactKind> kind = ArtifactKind.fromId(artifact.kind());
        if (kind.isEmpty()) {
            return new ArtifactTarget(kind, path, path, path);
        }
        Path definition =
                switch (kind.get()) {
                    case SKILL -> skillFile(path, artifact.path());
                    case MCP -> manifestFile(path, artifact.path());
                    default -> path;
                };
        // The definition sits in the confined path or beside it; only a symlink there can lead out.
        if (!definition.equals(path) && Files.isSymbolicLink(definition)) {
            io.harnessgym.workspace.ConfinedPaths.requireInside(
                    workspace.root(), definition, workspace.relative(definition));
        }
        // A skill or server is its whole folder (scripts, references, the server's code), whether
        // the
        // entry names the folder or, as the Python tool registers them, the SKILL.md or manifest in
        // it.
        Path contentRoot =
                kind.get() == ArtifactKind.SKILL || kind.get() == ArtifactKind.MCP
                        ? definition.getParent()
                        : path;
        return new ArtifactTarget(kind, path, definition, contentRoot);
    }

    private static Path skillFile(Path path, String shown) {
        if (Files.isDirectory(path)) {
            Path inside = path.resolve("SKILL.md");
            if (Files.isRegularFile(inside)) {
                return inside;
            }
        } else if (path.getFileName().toString().equals("SKILL.md")) {
            return path;
        } else {
            Path sibling = path.resolveSibling("SKILL.md");
            if (Files.isRegularFile(sibling)) {
                return sibling;
            }
        }
        throw HarnessGymException.badInput("skill artifact has no SKILL.md: " + shown);
    }

    private static Path manifestFile(Path path, String shown) {
        if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".json")) {
            return path;
        }
        Path dir = Files.isDirectory(path) ? path : path.getParent();
        for (String name : McpManifestParser.FILE_NAMES) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw HarnessGymException.badInput(
                "mcp artifact has no manifest ("
                        + String.join(", ", McpManifestParser.FILE_NAMES)
                        + "): "
                        + shown);
    }
}
