package io.harnessgym.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountStubsTest {
    @TempDir Path dir;

    @Test
    void onlyStubsThatAppearedDuringThePhaseAndAreStillEmptyAreRemoved() throws Exception {
        Path kept = Files.writeString(dir.resolve(".mcp.json"), ""); // there before: the user's
        MountStubs stubs =
                MountStubs.create()
                        .watch(kept, dir.resolve(".aws"), dir.resolve(".codex"))
                        .watchIn(List.of(dir.resolve("sub")), List.of(".git"));
        // what a sandbox leaves: an empty directory, an empty file, and one the agent filled
        Files.createDirectory(dir.resolve(".aws"));
        Files.createDirectories(dir.resolve("sub"));
        Files.createFile(dir.resolve("sub/.git"));
        Files.createDirectories(dir.resolve(".codex"));
        Files.writeString(dir.resolve(".codex/config.toml"), "x = 1\n");

        List<Path> removed = stubs.removeLeftovers();

        assertThat(removed).containsExactlyInAnyOrder(dir.resolve(".aws"), dir.resolve("sub/.git"));
        assertThat(kept).exists();
        assertThat(dir.resolve(".codex/config.toml")).hasContent("x = 1\n");
    }

    @Test
    void aSymbolicLinkPlantedWhereAStubWasIsNeitherFollowedNorRemoved() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path ws = Files.createDirectories(dir.resolve("ws"));
        MountStubs stubs = MountStubs.create().watch(ws.resolve(".aws"));
        Files.createSymbolicLink(ws.resolve(".aws"), outside);

        assertThat(stubs.removeLeftovers()).isEmpty();
        assertThat(outside).isDirectory();
        assertThat(Files.isSymbolicLink(ws.resolve(".aws"))).isTrue();
    }

    @Test
    void providedStubsAreMadeOnlyWhereMissingAndGoAfterwardsUnlessChanged() throws Exception {
        Path claude = Files.createDirectories(dir.resolve(".claude"));
        Files.createDirectories(claude.resolve("skills"));
        Files.writeString(claude.resolve("settings.json"), "{\"user\": true}");
        MountStubs stubs =
                MountStubs.create()
                        .provide(
                                claude,
                                List.of("settings.json", "launch.json", "routines.json"),
                                List.of("skills", "hooks"));

        assertThat(claude.resolve("launch.json")).hasContent("{}");
        assertThat(claude.resolve("hooks")).isEmptyDirectory();
        assertThat(claude.resolve("settings.json")).hasContent("{\"user\": true}");
        Files.writeString(claude.resolve("routines.json"), "[1]"); // changed: not ours any more

        assertThat(stubs.removeLeftovers())
                .containsExactlyInAnyOrder(claude.resolve("launch.json"), claude.resolve("hooks"));
        assertThat(claude.resolve("settings.json")).hasContent("{\"user\": true}");
        assertThat(claude.resolve("routines.json")).hasContent("[1]");
        assertThat(claude.resolve("skills")).isDirectory();
    }

    @Test
    void nothingIsProvidedInAFolderThatIsMissingOrALink() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.createSymbolicLink(dir.resolve(".claude"), real);

        MountStubs.create().provide(dir.resolve(".claude"), List.of("a.json"), List.of("b"));
        MountStubs.create().provide(dir.resolve("missing"), List.of("a.json"), List.of("b"));

        assertThat(real).isEmptyDirectory();
        assertThat(dir.resolve("missing")).doesNotExist();
    }
}
