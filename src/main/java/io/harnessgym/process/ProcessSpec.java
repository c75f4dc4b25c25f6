package io.harnessgym.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to run: argv (no shell), working directory, the exact environment (build it with {@link
 * ChildEnvironment}), where stdin comes from, where stdout and stderr go, how long it may take and
 * the grace between SIGTERM and SIGKILL.
 */
public record ProcessSpec(
        List<String> argv,
        Path cwd,
        Map<String, String> env,
        Stdin stdin,
        Output stdout,
        Output stderr,
        Duration timeout,
        Duration grace) {

    public ProcessSpec {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty");
        }
    }

    /**
     * A short trial of what this machine can do (a probe): only {@code PATH} in the environment, no
     * input, the first 2,000 characters of each output, 10 s.
     */
    static ProcessSpec trial(List<String> argv, Path cwd, String path) {
        return new ProcessSpec(
                argv,
                cwd,
                Map.of("PATH", path),
                new Stdin.Empty(),
                new Output.Tail(2000),
                new Output.Tail(2000),
                Duration.ofSeconds(10),
                Duration.ofSeconds(1));
    }

    /** The first executable {@code name} in the folders of {@code path}, or null. */
    public static Path onPath(String path, String name) {
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (java.nio.file.Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** Where the child's stdin comes from: nothing, a file, or bytes (a prompt, never argv). */
    public sealed interface Stdin {
        /** {@code /dev/null}. */
        record Empty() implements Stdin {}

        record FromFile(Path file) implements Stdin {}

        record Bytes(byte[] content) implements Stdin {}
    }

    /**
     * Where an output stream goes: a bounded tail in memory, or a size-capped file (and a tail).
     */
    public sealed interface Output {
        /** The last {@code capacity} bytes are kept. */
        record Tail(int capacity) implements Output {}

        /** At most {@code maxBytes} go to the file; the rest is counted and dropped. */
        record ToFile(Path file, long maxBytes, int tailCapacity) implements Output {}
    }
}
