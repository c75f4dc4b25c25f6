package io.harnessgym.task;

import io.harnessgym.process.ChildEnvironment;
import io.harnessgym.process.Overlay;
import io.harnessgym.process.ProcessResult;
import io.harnessgym.process.ProcessRunner;
import io.harnessgym.process.ProcessSpec;
import io.harnessgym.process.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A command harnessgym runs in one of its rooms on a task's behalf (a check, an oracle): under
 * bubblewrap where it can (the room writable, its {@code .git} and {@code .harnessgym} read-only,
 * {@code hidden} and credentials empty, no network), with the server environment policy, its output
 * in capped files, ended at {@code timeout} with everything it started. With an {@code overlay},
 * {@code room} is its merged view, mounted for the command alone ({@link Overlay}).
 */
record RoomProcess(
        Path room,
        Duration timeout,
        List<Path> hidden,
        Path stdout,
        Path stderr,
        Map<String, String> env,
        Overlay overlay) {
    RoomProcess {
        hidden = List.copyOf(hidden);
        env = Map.copyOf(env);
    }

    /** A command in a plain room (a folder of its own). */
    RoomProcess(
            Path room,
            Duration timeout,
            List<Path> hidden,
            Path stdout,
            Path stderr,
            Map<String, String> env) {
        this(room, timeout, hidden, stdout, stderr, env, null);
    }

    /** The sandbox the command runs in ({@code bubblewrap} or {@code none}). */
    Sandbox sandbox() {
        return Sandbox.detect(env);
    }

    /**
     * Runs {@code argv} with {@code extra} in its environment; keeps a stdout tail of that size.
     */
    ProcessResult run(List<String> argv, Map<String, String> extra, int stdoutTail) {
        Sandbox.Policy policy = Sandbox.Policy.forArtifacts(room, hidden, false, env);
        Sandbox sandbox = sandbox();
        List<String> confined = sandbox.wrap(argv, room, policy);
        // Over bubblewrap only: without it the overlay is not mounted, which its mark tells.
        boolean over = overlay != null && sandbox instanceof Sandbox.Bubblewrap;
        return ProcessRunner.run(
                new ProcessSpec(
                        over ? overlay.around(confined) : confined,
                        room,
                        ChildEnvironment.of(ChildEnvironment.Policy.SERVER, env, extra),
                        new ProcessSpec.Stdin.Empty(),
                        new ProcessSpec.Output.ToFile(stdout, 8L << 20, stdoutTail),
                        new ProcessSpec.Output.ToFile(stderr, 8L << 20, 16 << 10),
                        timeout,
                        Duration.ofSeconds(5)));
    }
}
