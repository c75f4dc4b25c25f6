package io.harnessgym.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.harnessgym.testing.Files2;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overlay rooms mounted for real: unshare, mount -t overlay and bubblewrap on this machine. */
class OverlayTest {
    @TempDir Path tmp;

    static final String PATH = SandboxTest.ENV.get("PATH");

    private Overlay.Tools tools(Boolean userNamespace) {
        Sandbox sandbox = SandboxTest.bubblewrap();
        Optional<Overlay.Tools> tools =
                Overlay.probe(
                        tmp.resolve("scratch"), PATH, (Sandbox.Bubblewrap) sandbox, userNamespace);
        assumeTrue(
                tools.isPresent(),
                "an overlay cannot be mounted here (unshare, mount -t overlay); .ci/run runs as"
                        + " root on a kernel that can");
        return tools.get();
    }

    private ProcessResult run(Overlay overlay, String script) {
        Sandbox sandbox = SandboxTest.bubblewrap();
        List<String> argv =
                overlay.around(
                        sandbox.wrap(
                                List.of("/bin/sh", "-c", script),
                                overlay.merged(),
                                new Sandbox.Policy(
                                        List.of(overlay.merged()),
                                        List.of(),
                                        List.of(overlay.upper().getParent()),
                                        false)));
        return ProcessRunner.run(
                new ProcessSpec(
                        argv,
                        tmp,
                        SandboxTest.ENV,
                        new ProcessSpec.Stdin.Empty(),
                        new ProcessSpec.Output.Tail(8000),
                        new ProcessSpec.Output.Tail(8000),
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(1)));
    }

    private Overlay overlay(Overlay.Tools tools, Path lower) throws Exception {
        Path rooms = Files.createDirectories(tmp.resolve("rooms"));
        return Overlay.prepare(
                tools,
                lower,
                rooms.resolve("r.upper"),
                rooms.resolve("r.work"),
                rooms.resolve("r.view"),
                rooms.resolve("r.mounted"));
    }

    private Path lower() throws Exception {
        Path lower = Files.createDirectories(tmp.resolve("workspace"));
        Files2.write(lower.resolve("src/app.txt"), "the attempt's answer\n");
        Files2.write(lower.resolve("check/run.sh"), "echo edited by the agent\n");
        Files2.write(lower.resolve("check/extra.sh"), "an agent's extra file\n");
        Files2.write(lower.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        return lower;
    }

    @Test
    void theCommandSeesTheLowerTreeWithWhiteoutsAndOpaqueFoldersAndItsWritesLandAbove()
            throws Exception {
        for (Boolean userNamespace : new Boolean[] {null, true}) {
            Path lower = lower();
            Overlay overlay = overlay(tools(userNamespace), lower);
            Path check = Files.createDirectories(overlay.upper().resolve("check"));
            Overlay.opaque(check);
            Files2.write(check.resolve("run.sh"), "echo the baseline scorer\n");
            overlay = overlay.hiding(List.of(overlay.upper().resolve(".git")));

            ProcessResult result =
                    run(
                            overlay,
                            "cat src/app.txt; sh check/run.sh; ls check; test -e .git || echo"
                                    + " no-git; echo written > src/app.txt; echo new > made.txt;"
                                    + " id -u");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(overlay.mounted()).isTrue();
            assertThat(result.stdout().lines().toList())
                    .containsExactly(
                            "the attempt's answer",
                            "the baseline scorer",
                            "run.sh",
                            "no-git",
                            Integer.toString(overlay.tools().uid()));
            // The workspace below is never written; the writes are above, in harnessgym's folder.
            assertThat(Files.readString(lower.resolve("src/app.txt")))
                    .isEqualTo("the attempt's answer\n");
            assertThat(lower.resolve("made.txt")).doesNotExist();
            assertThat(lower.resolve(".git/HEAD")).exists();
            assertThat(Files.readString(lower.resolve("check/run.sh")))
                    .isEqualTo("echo edited by the agent\n");
            assertThat(Files.readString(overlay.upper().resolve("src/app.txt")))
                    .isEqualTo("written\n");
            assertThat(overlay.upper().resolve("made.txt")).exists();

            overlay.remove();
            for (Path path :
                    List.of(overlay.upper(), overlay.work(), overlay.merged(), overlay.mark())) {
                assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).isFalse();
            }
            io.harnessgym.workspace.FileTrees.delete(lower);
        }
    }

    @Test
    void whiteoutPathsAreArgumentsNotShellText() throws Exception {
        Path lower = lower();
        Files2.write(lower.resolve("$(touch pwned)"), "x\n");
        Files2.write(lower.resolve("a b; touch pwned2"), "x\n");
        Overlay overlay = overlay(tools(null), lower);
        overlay =
                overlay.hiding(
                        List.of(
                                overlay.upper().resolve("$(touch pwned)"),
                                overlay.upper().resolve("a b; touch pwned2")));

        ProcessResult result = run(overlay, "ls -A");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().lines().toList()).containsExactly(".git", "check", "src");
        assertThat(tmp.resolve("pwned")).doesNotExist();
        assertThat(tmp.resolve("pwned2")).doesNotExist();
        assertThat(Files.exists(lower.resolve("$(touch pwned)"))).isTrue();
        overlay.remove();
    }

    @Test
    void aWhiteoutWhereHarnessgymPutAFileKeepsTheFile() throws Exception {
        Path lower = lower();
        Overlay overlay = overlay(tools(null), lower);
        Files2.write(overlay.upper().resolve("src/app.txt"), "harnessgym's own\n");
        overlay = overlay.hiding(List.of(overlay.upper().resolve("src/app.txt")));

        ProcessResult result = run(overlay, "cat src/app.txt");

        assertThat(result.stdout()).isEqualTo("harnessgym's own\n");
        overlay.remove();
    }

    @Test
    void anOverlayThatCannotBeMountedLeavesNoMarkAndRunsNothing() throws Exception {
        Path lower = lower();
        Overlay overlay = overlay(tools(null), lower);
        io.harnessgym.workspace.FileTrees.delete(
                overlay.work()); // the kernel refuses a missing work folder
        Path ran = tmp.resolve("ran");

        ProcessResult result = run(overlay, "touch " + ran);

        assertThat(result.exitCode()).isEqualTo(125);
        assertThat(overlay.mounted()).isFalse();
        assertThat(ran).doesNotExist();
        overlay.remove();
    }

    @Test
    void pathsThatOverlayOptionsCannotCarryAreRefused() {
        assertThat(Overlay.usable(Path.of("/tmp/rooms/score-run.upper"))).isTrue();
        for (String bad :
                List.of(
                        "/tmp/a,lowerdir=/etc",
                        "/tmp/a:b",
                        "/tmp/a\\b",
                        "/tmp/a\nb",
                        "relative/path")) {
            assertThat(Overlay.usable(Path.of(bad))).as(bad).isFalse();
        }
    }

    @Test
    void copyRoomsCanBeChosenAndNeedBubblewrap() {
        Map<String, String> env = new HashMap<>(SandboxTest.ENV);
        env.put(Overlay.ENV, "copy");
        assertThat(Overlay.detect(tmp.resolve("scratch"), env)).isEmpty();
        env.put(Overlay.ENV, "");
        env.put(Sandbox.ENV, "none");
        assertThat(Overlay.detect(tmp.resolve("scratch"), env)).isEmpty();
    }
}
