package io.harnessgym.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The mount points an agent CLI's bubblewrap needs in the workspace, and the ones it leaves behind.
 * Both CLIs protect a fixed list of paths by mounting over them read-only; where one is missing,
 * bubblewrap first creates an empty file or directory to mount on, which outlives the sandbox.
 *
 * <p>Two consequences, both handled here. Left behind, such stubs would show up as changes to the
 * workspace (an empty {@code .mcp.json}, a {@code .git/config.lock} that breaks the next {@code git
 * config}) and as junk artifacts in the bundle's kind folders: {@link #watch} notes what is missing
 * before the phase, and {@link #removeLeftovers} removes each that appeared and is still empty. And
 * inside a folder the agent user cannot write (harnessgym's own {@code .claude}, made by
 * activation), bubblewrap cannot create the stub and every shell command fails: {@link #provide}
 * creates those stubs beforehand, as harnessgym, and they are removed afterwards the same way.
 */
public final class MountStubs {
    /**
     * What a provided file stub holds: an empty JSON object, which every CLI reads as no settings.
     */
    static final byte[] FILE_STUB = "{}".getBytes(StandardCharsets.UTF_8);

    private final List<Path> watched = new ArrayList<>();
    private final List<Path> provided = new ArrayList<>();

    private MountStubs() {}

    public static MountStubs create() {
        return new MountStubs();
    }

    /** Notes each of {@code paths} that does not exist now (not following symbolic links). */
    public MountStubs watch(Path... paths) {
        for (Path path : paths) {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                watched.add(path);
            }
        }
        return this;
    }

    /** {@link #watch} for each of {@code names} in each of {@code dirs}. */
    public MountStubs watchIn(List<Path> dirs, List<String> names) {
        for (Path dir : dirs) {
            for (String name : names) {
                watch(dir.resolve(name));
            }
        }
        return this;
    }

    /**
     * In {@code dir}, when it is a real directory: creates each missing one of {@code files}
     * (holding {@link #FILE_STUB}) and {@code dirs} (empty), so bubblewrap finds something to mount
     * on.
     */
    public MountStubs provide(Path dir, List<String> files, List<String> dirs) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return this;
        }
        for (String name : files) {
            Path path = dir.resolve(name);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                Files.write(path, FILE_STUB, StandardOpenOption.CREATE_NEW);
                provided.add(path);
            }
        }
        for (String name : dirs) {
            Path path = dir.resolve(name);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(path);
                provided.add(path);
            }
        }
        return this;
    }

    /**
     * Removes each watched path that now exists and is empty, and each provided stub still as it
     * was made; returns what was removed. Anything else (the agent wrote into it) is left for the
     * snapshot to show.
     */
    public List<Path> removeLeftovers() {
        List<Path> removed = new ArrayList<>();
        List<Path> later = new ArrayList<>(watched);
        // deepest first, so a stub directory emptied of its own stubs can go too
        Collections.reverse(later);
        List<Path> all = new ArrayList<>(provided);
        all.addAll(later);
        for (Path path : all) {
            try {
                if (empty(path) || (provided.contains(path) && asProvided(path))) {
                    Files.delete(path);
                    removed.add(path);
                }
            } catch (IOException e) {
                // not empty after all, or gone: leave it, the snapshot shows it
            }
        }
        return List.copyOf(removed);
    }

    private static boolean asProvided(Path path) throws IOException {
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                && Files.size(path) == FILE_STUB.length
                && Arrays.equals(Files.readAllBytes(path), FILE_STUB);
    }

    private static boolean empty(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                return !entries.iterator().hasNext();
            }
        }
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && Files.size(path) == 0;
    }
}
