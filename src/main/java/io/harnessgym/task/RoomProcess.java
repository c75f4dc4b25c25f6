package io.harnessgym.task;

import io.harnessgym.process.ChildEnvironment;
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
 * in capped files, ended at {@code timeout} with everything it started.
 */
record RoomProcess(
        Path room,
        Duration timeout,
        List<Path> hidden,
        Path stdout,
        Path stderr,
        Map<String, String> env) {
    RoomProcess {
        hidden = List.copyOf(hidden);
        env = Map.copyOf(env);
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
        return ProcessRunner.run(
                new ProcessSpec(
                        sandbox().wrap(argv, room, policy),
                        room,
                        ChildEnvironment.of(ChildEnvironment.Policy.SERVER, env, extra),
                        new ProcessSpec.Stdin.Empty(),
                        new ProcessSpec.Output.ToFile(stdout, 8L << 20, stdoutTail),
                        new ProcessSpec.Output.ToFile(stderr, 8L << 20, 16 << 10),
                        timeout,
                        Duration.ofSeconds(5)));
    }
}
