package io.harnessgym.activation;

import io.harnessgym.workspace.AtomicFiles;
import io.harnessgym.workspace.ConfinedPaths;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * One change activation makes to the workspace. Activation first plans every change (reading what
 * is there), then {@link #validateAll validates} them all, then {@link #applyAll applies} them: a
 * refused path or an invalid input stops it before anything is written, so the previous projections
 * stay whole.
 *
 * <p>Every path is confined like a registry path: a symlinked parent (an agent can plant {@code
 * .codex -> ~/.codex}) that leads out of the workspace is refused with a clear error, and a file to
 * be rewritten must not itself be a link that leads out. Links and deletions never follow the link
 * they act on.
 */
sealed interface Projection {
    /** A whole file, written atomically; {@code executable} sets mode 0755. */
    record WriteFile(Path path, byte[] content, boolean executable) implements Projection {}

    /** A symlink at {@code at} to {@code target} (relative); an existing link there is replaced. */
    record Link(Path at, Path target) implements Projection {}

    /** Removes a file or a link (never what a link points to); nothing there is fine. */
    record Delete(Path path) implements Projection {}

    /** Removes a folder harnessgym made when nothing is left in it; never a link. */
    record RemoveDirIfEmpty(Path dir) implements Projection {}

    /** The path whose confinement decides: the file itself, or the folder a link lives in. */
    private static Path confined(Projection projection) {
        if (projection instanceof WriteFile write) {
            return write.path();
        }
        if (projection instanceof Link link) {
            return link.at().getParent();
        }
        if (projection instanceof Delete delete) {
            return delete.path().getParent();
        }
        return ((RemoveDirIfEmpty) projection).dir();
    }

    /** Refuses the plan when any path leaves the workspace; nothing has been written yet. */
    static void validateAll(Workspace workspace, List<Projection> plan) {
        for (Projection projection : plan) {
            Path path = confined(projection);
            ConfinedPaths.requireInside(workspace.root(), path, workspace.relative(path));
        }
    }

    static void applyAll(List<Projection> plan) {
        for (Projection projection : plan) {
            try {
                apply(projection);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot write the agent configs: " + e.getMessage(), e);
            }
        }
    }

    private static void apply(Projection projection) throws IOException {
        if (projection instanceof WriteFile write) {
            AtomicFiles.write(write.path(), write.content());
            Files.setPosixFilePermissions(
                    write.path(),
                    PosixFilePermissions.fromString(
                            write.executable() ? "rwxr-xr-x" : "rw-r--r--"));
        } else if (projection instanceof Link link) {
            Files.createDirectories(link.at().getParent());
            if (Files.isSymbolicLink(link.at())) {
                Files.delete(link.at());
            }
            Files.createSymbolicLink(link.at(), link.target());
        } else if (projection instanceof Delete delete) {
            Files.deleteIfExists(delete.path());
        } else if (projection instanceof RemoveDirIfEmpty remove) {
            Path dir = remove.dir();
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && isEmpty(dir)) {
                Files.delete(dir);
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }
}
