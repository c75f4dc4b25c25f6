package io.harnessgym.task;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.process.ChildEnvironment;
import io.harnessgym.process.ProcessResult;
import io.harnessgym.process.ProcessRunner;
import io.harnessgym.process.ProcessSpec;
import io.harnessgym.process.Sandbox;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.ConfinedPaths;
import io.harnessgym.workspace.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
     * Applies the oracle in {@code room}; returns why it could not be, or null. Its output goes to
     * {@code stdout} and {@code stderr}.
     */
    default String applyIn(
            Path room,
            Duration timeout,
            List<Path> hidden,
            Path stdout,
            Path stderr,
            Map<String, String> env)
            throws IOException {
        if (this instanceof Folder folder) {
            return copyOver(folder.dir(), room);
        }
        List<String> argv =
                this instanceof Patch patch
                        ? List.of(
                                "git",
                                "apply",
                                "--whitespace=nowarn",
                                "--",
                                patch.file().toString())
                        : List.of("/bin/sh", "-c", ((Command) this).command());
        Sandbox sandbox = Sandbox.detect(env);
        Sandbox.Policy policy = Sandbox.Policy.forArtifacts(room, hidden, false, env);
        // git looks for a repository no higher than the room (it has none: a patch's paths are
        // the room's, never those of a repository the state directory happens to sit in).
        Map<String, String> extra = Map.of("GIT_CEILING_DIRECTORIES", room.getParent().toString());
        ProcessResult result =
                ProcessRunner.run(
                        new ProcessSpec(
                                sandbox.wrap(argv, room, policy),
                                room,
                                ChildEnvironment.of(ChildEnvironment.Policy.SERVER, env, extra),
                                new ProcessSpec.Stdin.Empty(),
                                new ProcessSpec.Output.ToFile(stdout, 8L << 20, 16 << 10),
                                new ProcessSpec.Output.ToFile(stderr, 8L << 20, 16 << 10),
                                timeout,
                                Duration.ofSeconds(5)));
        if (result.timedOut()) {
            return kind() + " oracle timed out after " + timeout.toSeconds() + " s";
        }
        if (result.exitCode() == null || result.exitCode() != 0) {
            return kind()
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
