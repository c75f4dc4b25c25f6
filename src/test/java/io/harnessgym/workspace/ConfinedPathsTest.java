package io.harnessgym.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.testing.Files2;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfinedPathsTest {
    @TempDir Path temp;

    Path root;
    Path outside;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(temp.resolve("ws")).toRealPath();
        outside = Files.createDirectories(temp.resolve("outside")).toRealPath();
        Files2.write(outside.resolve("secret.txt"), "secret");
    }

    @Test
    void acceptsPlainRelativePathsIncludingOnesThatDoNotExistYet() {
        assertThat(ConfinedPaths.resolve(root, ".harnessgym/tools/x.py", "registry path"))
                .isEqualTo(root.resolve(".harnessgym/tools/x.py"));
        assertThat(ConfinedPaths.resolve(root, "./a/./b", "cwd")).isEqualTo(root.resolve("a/b"));
    }

    @Test
    void namesThatMerelyContainTwoDotsAreFine() {
        for (String path : new String[] {"..hidden/x", "a/b..", "a/...", "v1..2/file"}) {
            assertThat(ConfinedPaths.lexicalProblem(path)).as(path).isNull();
        }
        assertThat(ConfinedPaths.lexicalProblem("a\\..\\b")).contains("'..'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/etc/passwd",
                "../outside/secret.txt",
                ".harnessgym/../../x",
                "a/../../b",
                "..",
                ""
            })
    void refusesAbsoluteAndParentPaths(String path) {
        assertThatThrownBy(() -> ConfinedPaths.resolve(root, path, "registry path"))
                .isInstanceOf(HarnessGymException.class)
                .hasMessageStartingWith("registry path '" + path + "'");
    }

    @Test
    void refusesASymlinkedDirectoryThatLeavesTheWorkspace() throws Exception {
        Files.createDirectories(root.resolve(".harnessgym"));
        Files.createSymbolicLink(root.resolve(".harnessgym/tools"), outside);

        assertThatThrownBy(
                        () ->
                                ConfinedPaths.resolve(
                                        root, ".harnessgym/tools/secret.txt", "registry path"))
                .hasMessageContaining(
                        "resolves through a symlink to " + outside.resolve("secret.txt"))
                .hasMessageContaining("outside the workspace");
    }

    @Test
    void refusesASymlinkedFileAndADanglingLinkThatPointOut() throws Exception {
        Files.createSymbolicLink(root.resolve("link.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("missing"));

        assertThatThrownBy(() -> ConfinedPaths.resolve(root, "link.txt", "cwd"))
                .hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> ConfinedPaths.resolve(root, "dangling", "cwd"))
                .hasMessageContaining("outside the workspace");
    }

    @Test
    void acceptsASymlinkThatStaysInside() throws Exception {
        Files2.write(root.resolve("real/file.txt"), "x");
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));

        assertThat(ConfinedPaths.resolve(root, "alias/file.txt", "cwd"))
                .isEqualTo(root.resolve("alias/file.txt"));
    }
}
