package io.harnessgym.snapshot;

import io.harnessgym.workspace.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Borrows the objects of the workspace's own git repository: {@code objects/info/alternates} of the
 * store names the repository's object folder, so blobs and trees already committed are found there
 * instead of being stored again. The user's repository is only ever read. Whatever is read from it
 * is verified like everything else ({@link VerifiedObjects}).
 */
final class Alternates {
    private Alternates() {}

    /** Points the store at the workspace's repository, if it has one; whether it does. */
    static boolean update(Path workspace, Path gitDir) throws IOException {
        Path file = gitDir.resolve("objects").resolve("info").resolve("alternates");
        Optional<Path> objects = userObjects(workspace);
        if (objects.isEmpty()) {
            Files.deleteIfExists(file);
            return false;
        }
        String wanted = objects.get() + "\n";
        if (Files.isRegularFile(file)
                && Files.readString(file, StandardCharsets.UTF_8).equals(wanted)) {
            return true;
        }
        Files.createDirectories(file.getParent());
        AtomicFiles.writeString(file, wanted);
        return true;
    }

    /**
     * The object folder of the repository at {@code workspace}: {@code .git/objects}, or for a
     * linked worktree or submodule ({@code .git} is a file saying {@code gitdir: ...}) the one its
     * common directory holds.
     */
    static Optional<Path> userObjects(Path workspace) throws IOException {
        Path dotGit = workspace.resolve(".git");
        Path gitDir;
        if (Files.isDirectory(dotGit, LinkOption.NOFOLLOW_LINKS)) {
            gitDir = dotGit;
        } else if (Files.isRegularFile(dotGit, LinkOption.NOFOLLOW_LINKS)) {
            String text = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
            if (!text.startsWith("gitdir:")) {
                return Optional.empty();
            }
            gitDir = workspace.resolve(text.substring("gitdir:".length()).strip()).normalize();
        } else {
            return Optional.empty();
        }
        Path common = gitDir.resolve("commondir");
        if (Files.isRegularFile(common)) {
            gitDir =
                    gitDir.resolve(Files.readString(common, StandardCharsets.UTF_8).strip())
                            .normalize();
        }
        Path objects = gitDir.resolve("objects");
        if (!Files.isDirectory(objects)) {
            return Optional.empty();
        }
        return Optional.of(objects.toRealPath());
    }
}
