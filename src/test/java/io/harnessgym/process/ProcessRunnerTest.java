package io.harnessgym.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.harnessgym.testing.Eventually;
import io.harnessgym.testing.Files2;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The one process runner: nothing survives it, output stays bounded, bad bytes are harmless. */
class ProcessRunnerTest {
    @TempDir Path dir;

    static ProcessSpec spec(Path cwd, Duration timeout, String... argv) {
        return new ProcessSpec(
                List.of(argv),
                cwd,
                ChildEnvironment.of(System.getenv(), Map.of()),
                new ProcessSpec.Stdin.Empty(),
                new ProcessSpec.Output.Tail(4096),
                new ProcessSpec.Output.Tail(4096),
                timeout,
                Duration.ofMillis(500));
    }

    static Stream<String> containments() {
        return Stream.of("proc", "cgroup");
    }

    static Supplier<Containment> containment(String kind) {
        if (kind.equals("proc")) {
            return Containment.ProcScan::new;
        }
        Containment probe = Containment.create();
        probe.release();
        assumeTrue(
                probe instanceof Containment.Cgroup,
                "this machine does not let harnessgym create a cgroup v2 (not root, no delegation)");
        return Containment::create;
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && !Containment.ProcScan.isZombie(pid);
    }

    /**
     * A grandchild that leaves the process group ({@code setsid}) and ignores SIGTERM, while its
     * parent exits at once: gone when the command returns.
     */
    @ParameterizedTest(name = "held by {0}")
    @MethodSource("containments")
    void aDetachedGrandchildThatIgnoresSigtermDoesNotSurvive(String kind) throws Exception {
        Supplier<Containment> containment = containment(kind);
        Path pidFile = dir.resolve("grandchild.pid");
        String script =
                "setsid sh -c 'trap \"\" TERM; echo $$ > \"$0\"; exec sleep 300' "
                        + "\"$1\" > /dev/null 2>&1 < /dev/null & "
                        + "while [ ! -s \"$1\" ]; do sleep 0.05; done; sleep 0.3";
        ProcessGroup group =
                ProcessGroup.start(
                        List.of("sh", "-c", script, "sh", pidFile.toString()),
                        dir,
                        ChildEnvironment.of(System.getenv(), Map.of()),
                        builder -> {},
                        containment.get());
        assertThat(group.waitFor(Duration.ofSeconds(20))).as("the leader exits").isTrue();
        long grandchild = Long.parseLong(Files2.read(pidFile).strip());
        assertThat(alive(grandchild)).as("the detached grandchild runs on").isTrue();

        group.terminate(Duration.ofMillis(300));

        Eventually.holds(() -> assertThat(alive(grandchild)).as("grandchild ended").isFalse());
        assertThat(group.isAnyAlive()).isFalse();
    }

    @Test
    void emptyCgroupsOfHarnessgymProcessesThatWereKilledAreSwept() throws Exception {
        containment("cgroup");
        Path parent = Containment.Cgroup.parent().orElseThrow();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path orphan = Files.createDirectory(parent.resolve("harnessgym-" + gone.pid() + "-99"));
        Path live =
                Files.createDirectory(
                        parent.resolve("harnessgym-" + ProcessHandle.current().pid() + "-99"));
        try {
            Containment.Cgroup.sweepOrphans(parent);
            assertThat(orphan).as("a dead process's empty cgroup").doesNotExist();
            assertThat(live).as("a live process's cgroup").exists();
        } finally {
            Files.deleteIfExists(orphan);
            Files.deleteIfExists(live);
        }
    }

    @Test
    void theRunnerEndsTheWholeTreeOnTimeout() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        ProcessResult result =
                ProcessRunner.run(
                        spec(
                                dir,
                                Duration.ofMillis(700),
                                "sh",
                                "-c",
                                "trap '' TERM; sleep 300 & echo $! > \"$0\"; wait",
                                pidFile.toString()));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isNull();
        long child = Long.parseLong(Files2.read(pidFile).strip());
        Eventually.holds(() -> assertThat(alive(child)).isFalse());
    }

    @Test
    void aFloodOnStdoutKeepsOnlyTheTailAndTheCountedBytes() throws Exception {
        // 256 MiB of output; the tail holds 4 KiB and the file at most 1 MiB.
        Path file = dir.resolve("out.txt");
        ProcessResult result =
                ProcessRunner.run(
                        new ProcessSpec(
                                List.of("sh", "-c", "head -c 268435456 /dev/zero; echo END"),
                                dir,
                                ChildEnvironment.of(System.getenv(), Map.of()),
                                new ProcessSpec.Stdin.Empty(),
                                new ProcessSpec.Output.ToFile(file, 1 << 20, 4096),
                                new ProcessSpec.Output.Tail(4096),
                                Duration.ofSeconds(60),
                                Duration.ofMillis(500)));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdoutBytes()).isEqualTo((1L << 28) + 4);
        assertThat(result.stdout()).endsWith("END\n").startsWith("[...");
        assertThat(Files.size(file)).isLessThan((1 << 20) + 200);
        assertThat(Files2.read(file)).endsWith("[harnessgym: output cut at 1048576 bytes]\n");
    }

    @Test
    void invalidUtf8AndABigStdinPromptAreHarmless() throws Exception {
        byte[] prompt = "p".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
        ProcessResult result =
                ProcessRunner.run(
                        new ProcessSpec(
                                List.of("sh", "-c", "wc -c; printf '\\377\\376 bad'"),
                                dir,
                                ChildEnvironment.of(System.getenv(), Map.of()),
                                new ProcessSpec.Stdin.Bytes(prompt),
                                new ProcessSpec.Output.Tail(4096),
                                new ProcessSpec.Output.Tail(4096),
                                Duration.ofSeconds(30),
                                Duration.ofMillis(500)));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("1048576").contains("\uFFFD").contains("bad");
    }

    @Test
    void aCommandThatCannotStartIsAResultNotACrash() {
        ProcessResult result =
                ProcessRunner.run(spec(dir, Duration.ofSeconds(5), "/no/such/program"));
        assertThat(result.exitCode()).isNotEqualTo(0);
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void theServerPolicyKeepsCredentialsAndTheStateDirectoryOut() {
        Map<String, String> parent =
                Map.of(
                        "PATH", "/bin",
                        "OPENAI_API_KEY", "sk-1",
                        "HARNESSGYM_STATE_DIR", "/private",
                        "HARNESSGYM_RUN_ID", "r1");
        assertThat(ChildEnvironment.of(ChildEnvironment.Policy.SERVER, parent, Map.of()))
                .containsOnlyKeys("PATH", "HARNESSGYM_RUN_ID");
        assertThat(ChildEnvironment.of(ChildEnvironment.Policy.AGENT, parent, Map.of()))
                .containsOnlyKeys("PATH", "HARNESSGYM_RUN_ID", "OPENAI_API_KEY");
    }
}
