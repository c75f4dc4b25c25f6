package io.harnessgym.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An agent can plant a symlink where activation writes ({@code .codex -> ~/.codex}). Activation
 * must refuse with a clear error, write nothing there, and leave the workspace as it was.
 */
class ProjectionConfinementTest {
    static final ProxyLauncher LAUNCHER = new ProxyLauncher("/opt/hg/bin/harnessgym", List.of());

    @TempDir Path dir;
    @TempDir Path outside;

    Workspace ws;

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        McpTestServers.install(dir, "good", "ndjson", "ndjson");
        Files2.skill(dir, "alpha", "Alpha.");
        // The registry's own layout is not a projection: made before the trees are compared.
        new io.harnessgym.registry.RegistryService(ws, TestState.of(ws)).sync(null);
    }

    io.harnessgym.testing.QualifyingActivator activator() {
        return new io.harnessgym.testing.QualifyingActivator(ws, LAUNCHER);
    }

    static List<String> tree(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            return new java.util.ArrayList<>(
                    paths.map(path -> root.relativize(path).toString()).sorted().toList());
        }
    }

    @ParameterizedTest(name = "{0} links out of the workspace")
    @ValueSource(
            strings = {".codex", ".claude", ".agents", ".agents/skills", ".harnessgym/runtime"})
    void aProjectionFolderThatLeadsOutIsRefusedAndNothingIsWritten(String planted)
            throws Exception {
        Files2.write(outside.resolve("config.toml"), "model = \"mine\"\n");
        Path link = dir.resolve(planted);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, outside);
        List<String> before = tree(dir);

        assertThatThrownBy(() -> activator().activate(Activator.Target.ALL, false))
                .isInstanceOf(HarnessGymException.class)
                .hasMessageContaining("outside the workspace");

        assertThat(tree(outside)).as("nothing written outside").containsExactly("", "config.toml");
        assertThat(Files2.read(outside.resolve("config.toml"))).isEqualTo("model = \"mine\"\n");
        List<String> after = tree(dir);
        after.removeIf(path -> path.equals(".harnessgym/registry.json"));
        List<String> expected = new java.util.ArrayList<>(before);
        expected.removeIf(path -> path.equals(".harnessgym/registry.json"));
        assertThat(after).as("no projection was written in the workspace").isEqualTo(expected);
        assertThat(dir.resolve(".harnessgym/activation.json")).doesNotExist();
    }

    @ParameterizedTest(name = "{0} is a link out of the workspace")
    @ValueSource(strings = {".codex/config.toml", ".harnessgym/claude_mcp_config.json"})
    void aConfigFileThatIsALinkOutIsNeitherReadNorReplaced(String planted) throws Exception {
        Path target = Files2.write(outside.resolve("target"), "secret = \"do not read\"\n");
        Path link = dir.resolve(planted);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, target);

        assertThatThrownBy(() -> activator().activate(Activator.Target.ALL, false))
                .hasMessageContaining("outside the workspace");

        assertThat(Files2.read(target)).isEqualTo("secret = \"do not read\"\n");
        assertThat(dir.resolve(".agents/skills/alpha")).doesNotExist();
    }

    @ParameterizedTest(name = "deactivate with {0} linked out")
    @ValueSource(strings = {".codex", ".claude/skills", ".agents"})
    void deactivateNeverDeletesOutsideTheWorkspace(String planted) throws Exception {
        activator().activate(Activator.Target.ALL, false);
        // Looks like ours: a link into the bundle's skills, in a folder outside.
        Files.createDirectories(outside.resolve("skills"));
        Files.createSymbolicLink(
                outside.resolve("skills/alpha"), dir.resolve(".harnessgym/skills/alpha"));
        Files2.write(outside.resolve("config.toml"), "x = 1\n");
        Path link = dir.resolve(planted);
        if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.walk(link)
                    .sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, outside);

        assertThatThrownBy(() -> activator().deactivate())
                .hasMessageContaining("outside the workspace");
        assertThat(tree(outside)).containsExactly("", "config.toml", "skills", "skills/alpha");
    }

    @org.junit.jupiter.api.Test
    void anInvalidUserCodexConfigStopsActivationBeforeAnythingIsWritten() throws Exception {
        Files2.write(dir.resolve(".codex/config.toml"), "[broken\n");
        List<String> before = tree(dir);

        assertThatThrownBy(() -> activator().activate(Activator.Target.ALL, false))
                .hasMessageContaining("not valid TOML");

        List<String> after = tree(dir);
        after.removeIf(path -> path.equals(".harnessgym/registry.json"));
        List<String> expected = new java.util.ArrayList<>(before);
        expected.removeIf(path -> path.equals(".harnessgym/registry.json"));
        assertThat(after).as("no skill link, no helper, no activation.json").isEqualTo(expected);
    }
}
