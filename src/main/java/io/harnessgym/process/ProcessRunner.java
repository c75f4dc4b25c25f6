package io.harnessgym.process;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The one way harnessgym runs a command to its end (self-tests now; scoring, checks and agent
 * phases next): in its own process group and containment, stdin from the spec, both outputs drained
 * continuously into bounded tails (and size-capped files), a timeout after which the whole tree
 * gets SIGTERM then SIGKILL, and no process left behind when it returns, whether the command
 * succeeded, failed or timed out.
 */
public final class ProcessRunner {
    private ProcessRunner() {}

    public static ProcessResult run(ProcessSpec spec) {
        long start = System.nanoTime();
        ProcessGroup group;
        try {
            group =
                    ProcessGroup.start(
                            spec.argv(), spec.cwd(), spec.env(), builder -> stdin(builder, spec));
        } catch (IOException e) {
            return new ProcessResult(
                    null, false, elapsed(start), "", "", 0, 0, "none", e.getMessage());
        }
        Process process = group.process();
        Thread feeder = feed(spec, process);
        OutputTail out = drain(process.getInputStream(), spec.stdout(), "stdout");
        OutputTail err = drain(process.getErrorStream(), spec.stderr(), "stderr");
        boolean timedOut = false;
        try {
            timedOut = !group.waitFor(spec.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timedOut = true;
        }
        // The leader exited (or ran out of time): nothing it started may outlive the command.
        group.terminate(timedOut ? spec.grace() : Duration.ofMillis(200));
        out.awaitEnd(1000);
        err.awaitEnd(1000);
        if (feeder != null) {
            feeder.interrupt();
        }
        Integer code = timedOut || process.isAlive() ? null : process.exitValue();
        return new ProcessResult(
                code,
                timedOut,
                elapsed(start),
                out.text(),
                err.text(),
                out.total(),
                err.total(),
                group.containment(),
                null);
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void stdin(ProcessBuilder builder, ProcessSpec spec) {
        if (spec.stdin() instanceof ProcessSpec.Stdin.FromFile file) {
            builder.redirectInput(file.file().toFile());
        } else if (!(spec.stdin() instanceof ProcessSpec.Stdin.Bytes)) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
    }

    /** Writes the stdin bytes on a thread (a child that never reads must not block us). */
    private static Thread feed(ProcessSpec spec, Process process) {
        if (!(spec.stdin() instanceof ProcessSpec.Stdin.Bytes bytes)) {
            return null;
        }
        Thread feeder =
                new Thread(
                        () -> {
                            try (OutputStream in = process.getOutputStream()) {
                                in.write(bytes.content());
                            } catch (IOException e) {
                                // The child closed its stdin or exited: it read what it wanted.
                            }
                        },
                        "harnessgym-stdin");
        feeder.setDaemon(true);
        feeder.start();
        return feeder;
    }

    private static OutputTail drain(
            java.io.InputStream in, ProcessSpec.Output output, String name) {
        if (output instanceof ProcessSpec.Output.ToFile file) {
            try {
                Files.createDirectories(file.file().toAbsolutePath().getParent());
                OutputStream sink =
                        Files.newOutputStream(
                                file.file(),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING,
                                StandardOpenOption.WRITE);
                return OutputTail.drainToFile(
                        in, file.tailCapacity(), sink, file.maxBytes(), "harnessgym-" + name);
            } catch (IOException e) {
                // Cannot open the file: keep the tail at least.
                return OutputTail.drain(in, file.tailCapacity(), null, 0, "harnessgym-" + name);
            }
        }
        int capacity = ((ProcessSpec.Output.Tail) output).capacity();
        return OutputTail.drain(in, capacity, null, 0, "harnessgym-" + name);
    }
}
