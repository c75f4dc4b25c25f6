package io.harnessgym.task;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.process.ProcessResult;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.ConfinedPaths;
import io.harnessgym.workspace.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A reference solution for {@code task check}: a patch ({@code git apply}, which refuses paths
 * outside the room and writes through no link), a folder (its files copied over the baseline, by
 * the same relative paths; a link in it is refused, and so is a path that goes through a link in
 * the room), or a shell command run in the room. Whatever it is, it is applied in a clean room
 * confined like a check (only the room writable, no network).
 */
public sealed interface Oracle {
    /** {@code patch}, {@code dir} or {@code command}: what reports say. */
    String kind();

    /** What it is, as given. */
    String shown();

    record Patch(Path file) implements Oracle {
        @Override
        public String kind() {
            return "patch";
        }

        @Override
        public String applyIn(RoomProcess room) {
            return ran(
                    kind(),
                    room,
                    List.of("git", "apply", "--whitespace=nowarn", "--", file.toString()));
        }

        @Override
        public String shown() {
            return file.toString();
        }
    }

    record Folder(Path dir) implements Oracle {
        @Override
        public String kind() {
            return "dir";
        }

        @Override
        public String applyIn(RoomProcess room) throws IOException {
            return copyOver(dir, room.room());
        }

        @Override
        public String shown() {
            return dir.toString();
        }
    }

    record Command(String command) implements Oracle {
        @Override
        public String kind() {
            return "command";
        }

        @Override
        public String applyIn(RoomProcess room) {
            return ran(kind(), room, List.of("/bin/sh", "-c", command));
        }

        @Override
        public String shown() {
            return command;
        }
    }

    /**
     * An existing folder is a folder oracle, an existing file a patch; a name ending in {@code
     * .patch} or {@code .diff} that does not exist is an error; anything else is a command.
     */
    static Oracle of(String argument, Path cwd) {
        Path path = cwd.resolve(argument).toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            return new Folder(path);
        }
        if (Files.isRegularFile(path)) {
            return new Patch(path);
        }
        if (argument.endsWith(".patch") || argument.endsWith(".diff")) {
            throw HarnessGymException.badInput("no such patch file: " + path);
        }
        return new Command(argument);
    }

    /**
     * Applies the oracle in the room; returns why it could not be, or null. A command's output goes
     * to the room process's files.
     */
    String applyIn(RoomProcess room) throws IOException;

    /** Runs {@code argv} in the room; why it failed, or null. */
    private static String ran(String kind, RoomProcess room, List<String> argv) {
        // git looks for a repository no higher than the room (it has none: a patch's paths are
        // the room's, never those of a repository the state directory happens to sit in).
        ProcessResult result =
                room.run(
                        argv,
                        Map.of("GIT_CEILING_DIRECTORIES", room.room().getParent().toString()),
                        16 << 10);
        if (result.timedOut()) {
            return kind + " oracle timed out after " + room.timeout().toSeconds() + " s";
        }
        if (result.exitCode() == null || result.exitCode() != 0) {
            return kind
                    + " oracle failed (exit "
                    + result.exitCode()
                    + "): "
                    + Terminal.firstLine(result.stderr());
        }
        return null;
    }

    private static String copyOver(Path from, Path room) throws IOException {
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(from)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (Files.isSymbolicLink(path)) {
                    return "the oracle folder holds a link: " + from.relativize(path);
                }
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(path);
                }
            }
        }
        for (Path file : files) {
            String relative = from.relativize(file).toString();
            Path target;
            try {
                target = ConfinedPaths.resolve(room, relative, "oracle file");
            } catch (HarnessGymException e) {
                return e.getMessage();
            }
            FileTrees.delete(target);
            Files.createDirectories(target.getParent());
            ConfinedPaths.requireInside(room, target.getParent(), "oracle file " + relative);
            Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        return null;
    }
}
