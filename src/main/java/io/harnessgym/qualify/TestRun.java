package io.harnessgym.qualify;

import io.harnessgym.process.ChildEnvironment;
import io.harnessgym.process.ProcessResult;
import io.harnessgym.process.ProcessRunner;
import io.harnessgym.process.ProcessSpec;
import io.harnessgym.process.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The check for a {@code test} artifact that is an executable script (a regular file with the
 * executable bit and a {@code #!} line): it runs in the clean room, from the room's root, with the
 * server environment policy, and must exit 0 within the timeout. Other test artifacts (data,
 * inputs) pass on validity alone.
 */
final class TestRun {
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final int CAP = 8000;

    private TestRun() {}

    static boolean applies(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] start = in.readNBytes(2);
            return start.length == 2 && start[0] == '#' && start[1] == '!';
        } catch (IOException e) {
            return false;
        }
    }

    static CheckRecord run(
            Path room,
            Path script,
            Map<String, String> env,
            Duration timeout,
            Sandbox sandbox,
            Sandbox.Policy policy) {
        long start = System.nanoTime();
        ProcessResult result =
                ProcessRunner.run(
                        new ProcessSpec(
                                sandbox.wrap(List.of(script.toString()), room, policy),
                                room,
                                ChildEnvironment.of(ChildEnvironment.Policy.SERVER, env, Map.of()),
                                new ProcessSpec.Stdin.Empty(),
                                new ProcessSpec.Output.Tail(CAP),
                                new ProcessSpec.Output.Tail(CAP),
                                timeout,
                                Duration.ofSeconds(2)));
        double seconds = (System.nanoTime() - start) / 1e9;
        String where = room.relativize(script).toString();
        if (result.startError() != null) {
            return CheckRecord.failed(
                    Check.TEST_RUN, "could not run " + where + ": " + result.startError(), seconds);
        }
        if (result.timedOut()) {
            return CheckRecord.failed(
                    Check.TEST_RUN,
                    where + " did not finish within " + timeout.toSeconds() + " s",
                    seconds);
        }
        if (result.exitCode() != 0) {
            String tail = result.stderr().isBlank() ? result.stdout() : result.stderr();
            String last =
                    tail.strip().isEmpty()
                            ? ""
                            : ": " + tail.strip().substring(tail.strip().lastIndexOf('\n') + 1);
            return CheckRecord.failed(
                    Check.TEST_RUN,
                    where + " exited with status " + result.exitCode() + last,
                    seconds);
        }
        return CheckRecord.passed(Check.TEST_RUN, where + " exited 0", seconds);
    }
}
