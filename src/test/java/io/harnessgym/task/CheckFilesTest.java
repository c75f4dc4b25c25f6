package io.harnessgym.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.harnessgym.testing.Files2;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace files a check command names, which are protected with the contract. */
class CheckFilesTest {
    @TempDir Path dir;

    @Test
    void relativeFilesInTheWorkspaceAreNamedAndNothingElse() throws Exception {
        Path ws = dir.resolve("ws");
        Files2.write(ws.resolve("check/run.sh"), "x");
        Files2.write(ws.resolve("tests/score.py"), "x");
        Files2.write(ws.resolve("my file.py"), "x");
        Files2.write(dir.resolve("outside.py"), "x");
        Files.createSymbolicLink(ws.resolve("out.py"), dir.resolve("outside.py"));
        Files.createDirectories(ws.resolve("src"));
        Path root = ws.toRealPath();

        assertThat(CheckFiles.named("sh check/run.sh", root)).containsExactly("check/run.sh");
        assertThat(
                        CheckFiles.named(
                                "python3 ./tests/score.py --data 'my file.py' && sh check/run.sh",
                                root))
                .containsExactly("tests/score.py", "my file.py", "check/run.sh");
        // Not files of the workspace: a folder, a missing file, an absolute path, a link out, '..'.
        assertThat(
                        CheckFiles.named(
                                "ls src; cat nope.txt /etc/hostname out.py ../outside.py", root))
                .isEmpty();
        assertThat(CheckFiles.named("echo 'unterminated", root)).isEmpty();
        assertThat(CheckFiles.named(null, root)).isEmpty();
    }
}
