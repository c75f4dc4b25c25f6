package io.harnessgym.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.harnessgym.testing.Files2;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {
    static final Map<String, String> ENV =
            Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));

    @TempDir Path tmp;

    static Sandbox bubblewrap() {
        Sandbox sandbox = Sandbox.detect(ENV);
        assumeTrue(
                sandbox instanceof Sandbox.Bubblewrap,
                "bubblewrap is not usable here (" + sandbox + "); .ci/run installs it");
        return sandbox;
    }

    ProcessResult run(Sandbox sandbox, Sandbox.Policy policy, Path cwd, String script) {
        return ProcessRunner.run(
                new ProcessSpec(
                        sandbox.wrap(List.of("/bin/sh", "-c", script), cwd, policy),
                        cwd,
                        ENV,
                        new ProcessSpec.Stdin.Empty(),
                        new ProcessSpec.Output.Tail(8000),
                        new ProcessSpec.Output.Tail(8000),
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(1)));
    }

    @Test
    void onlyTheWritablePathsTakeWritesAndHiddenOnesAreEmptyAndStayUntouched() throws Exception {
        Sandbox sandbox = bubblewrap();
        Path room = Files.createDirectories(tmp.resolve("room"));
        Path elsewhere = Files.createDirectories(tmp.resolve("workspace"));
        Path state = Files.createDirectories(tmp.resolve("state"));
        Files2.write(state.resolve("records.json"), "the evidence\n");
        Path secret = Files2.write(tmp.resolve("home/.codex/auth.json"), "sk-secret\n");
        Sandbox.Policy policy =
                new Sandbox.Policy(
                        List.of(room), List.of(), List.of(state, secret.getParent()), false);

        ProcessResult result =
                run(
                        sandbox,
                        policy,
                        room,
                        "echo ok > made; "
                                + "ls -A "
                                + state
                                + " > seen-state; "
                                + "echo forged > "
                                + state
                                + "/records.json; "
                                + "cat "
                                + secret
                                + " > stolen 2>/dev/null; "
                                + "echo x > "
                                + elsewhere
                                + "/planted 2>/dev/null || echo read-only > refused; "
                                + "grep CapEff /proc/self/status > caps; "
                                + "exit 0");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(Files2.read(room.resolve("made"))).isEqualTo("ok\n");
        assertThat(Files2.read(state.resolve("records.json"))).isEqualTo("the evidence\n");
        assertThat(Files2.read(room.resolve("seen-state")))
                .as("the state directory looks empty")
                .isEmpty();
        assertThat(room.resolve("stolen"))
                .satisfiesAnyOf(
                        path -> assertThat(path).doesNotExist(),
                        path -> assertThat(Files2.read(path)).isEmpty());
        assertThat(elsewhere.resolve("planted")).doesNotExist();
        assertThat(room.resolve("refused")).exists();
        assertThat(Files2.read(room.resolve("caps"))).contains("0000000000000000");
    }

    @Test
    void theNetworkIsOffUnlessThePolicyAllowsItAndHostProcessesAreInvisible() throws Exception {
        Sandbox sandbox = bubblewrap();
        Path room = Files.createDirectories(tmp.resolve("room"));
        try (ServerSocket server =
                new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String connect =
                    "python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", "
                            + server.getLocalPort()
                            + "), 3)' && echo connected";
            ProcessResult off =
                    run(
                            sandbox,
                            new Sandbox.Policy(List.of(room), List.of(), List.of(), false),
                            room,
                            connect);
            assertThat(off.stdout()).doesNotContain("connected");
            ProcessResult on =
                    run(
                            sandbox,
                            new Sandbox.Policy(List.of(room), List.of(), List.of(), true),
                            room,
                            connect);
            assertThat(on.stdout()).as(on.stderr()).contains("connected");
        }
        long me = ProcessHandle.current().pid();
        ProcessResult pid =
                run(
                        sandbox,
                        new Sandbox.Policy(List.of(room), List.of(), List.of(), false),
                        room,
                        "kill -0 " + me + " 2>/dev/null && echo visible || echo invisible");
        assertThat(pid.stdout()).contains("invisible");
    }

    @Test
    void aCommandOutsideTheWritablePathsStillRunsAndTmpdirIsPrivateAndWritable() throws Exception {
        // A checkout (here: the test's temporary folder, under /tmp) must stay visible, read-only.
        Sandbox sandbox = bubblewrap();
        Path room = Files.createDirectories(tmp.resolve("room"));
        Path tool = Files2.write(tmp.resolve("tools/run.sh"), "#!/bin/sh\necho tool ran\n");
        Files.setPosixFilePermissions(
                tool, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessResult result =
                run(
                        sandbox,
                        new Sandbox.Policy(List.of(room), List.of(), List.of(), false),
                        room,
                        tool
                                + " && f=$(mktemp) && echo private > \"$f\" && cat \"$f\" && echo \"$TMPDIR\"");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("tool ran").contains("private");
        String tmpdir = result.stdout().strip().lines().reduce((a, b) -> b).orElse("");
        assertThat(Path.of(tmpdir).resolve("anything"))
                .as("nothing lands on the host")
                .doesNotExist();
    }

    @Test
    void aHiddenPathThatIsALinkHidesWhatItPointsAt() throws Exception {
        Sandbox sandbox = bubblewrap();
        Path room = Files.createDirectories(tmp.resolve("room"));
        Path real =
                Files2.write(tmp.resolve("elsewhere/credentials/key"), "sk-secret\n").getParent();
        Path link = Files.createDirectories(tmp.resolve("home")).resolve(".codex");
        Files.createSymbolicLink(link, real);
        ProcessResult result =
                run(
                        sandbox,
                        new Sandbox.Policy(List.of(room), List.of(), List.of(link), false),
                        room,
                        "cat " + link + "/key " + real + "/key 2>/dev/null; exit 0");
        assertThat(result.stdout()).doesNotContain("sk-secret");
        assertThat(Files2.read(real.resolve("key"))).isEqualTo("sk-secret\n");
    }

    @Test
    void withoutBubblewrapOrWhenTurnedOffItSaysSoAndChangesNothing() {
        Sandbox missing = Sandbox.detect(Map.of("PATH", tmp.toString()));
        assertThat(missing).isEqualTo(new Sandbox.None("bubblewrap (bwrap) is not installed"));
        assertThat(missing.id()).isEqualTo("none");
        assertThat(
                        missing.wrap(
                                List.of("true"),
                                tmp,
                                new Sandbox.Policy(List.of(), List.of(), List.of(), false)))
                .containsExactly("true");
        Sandbox off = Sandbox.detect(Map.of("PATH", ENV.get("PATH"), Sandbox.ENV, "none"));
        assertThat(off).isEqualTo(new Sandbox.None("HARNESSGYM_SANDBOX=none"));
    }
}
