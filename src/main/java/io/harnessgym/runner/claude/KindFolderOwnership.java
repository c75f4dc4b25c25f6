package io.harnessgym.runner.claude;

import io.harnessgym.runner.AgentUser;
import io.harnessgym.runner.Phase;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The bundle's kind folders, handed to the agent user for a phase that builds tools (reflect,
 * build, repair) and taken back afterwards: harnessgym (root) creates and restores them, so without
 * the handover the agent could not write what it is asked to build; with the take-back, the
 * operating system too, not only Claude's rules, keeps the next attempt from changing a qualified
 * artifact. Symbolic links are never followed; a file with more than one link is not given (it
 * could be a link to a file elsewhere), and the take-back also drops group and other write bits and
 * set-id bits the agent left.
 */
final class KindFolderOwnership {
    private KindFolderOwnership() {}

    static void give(Path workspace, Phase phase, AgentUser user) throws IOException {
        for (String kind : phase.writableKindFolders()) {
            walk(workspace.resolve(".harnessgym").resolve(kind), user.uid(), user.gid(), false);
        }
    }

    /** Gives the kind folders back to the owner of {@code .harnessgym} (harnessgym itself). */
    static void takeBack(Path workspace, Phase phase) throws IOException {
        Path bundle = workspace.resolve(".harnessgym");
        int uid = (Integer) Files.getAttribute(bundle, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(bundle, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        for (String kind : phase.writableKindFolders()) {
            walk(bundle.resolve(kind), uid, gid, true);
        }
    }

    private static void walk(Path root, int uid, int gid, boolean tighten) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(
                root,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a)
                            throws IOException {
                        set(dir, uid, gid, tighten);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes a)
                            throws IOException {
                        if (a.isSymbolicLink()) {
                            if (tighten) { // the link itself, never its target
                                Files.setAttribute(
                                        file, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                                Files.setAttribute(
                                        file, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
                            }
                        } else if (a.isRegularFile()
                                && (Integer)
                                                Files.getAttribute(
                                                        file,
                                                        "unix:nlink",
                                                        LinkOption.NOFOLLOW_LINKS)
                                        > 1
                                && !tighten) {
                            // a hard link may name a file outside the bundle: not given
                        } else if (a.isRegularFile() || a.isDirectory()) {
                            set(file, uid, gid, tighten);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    private static void set(Path path, int uid, int gid, boolean tighten) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        if (tighten) {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & 06022) != 0) {
                // Permissions carry no set-id bits: writing them drops those too (chown has
                // already cleared a file's; a folder's set-gid stays until then).
                Set<PosixFilePermission> perms =
                        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                perms.remove(PosixFilePermission.GROUP_WRITE);
                perms.remove(PosixFilePermission.OTHERS_WRITE);
                Files.setPosixFilePermissions(path, perms);
            }
        }
    }
}
