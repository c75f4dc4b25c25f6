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
