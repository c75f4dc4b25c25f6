package io.harnessgym.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.registry.RegistryService;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivatorTest {
    static final ProxyLauncher LAUNCHER =
            new ProxyLauncher("/opt/harness 'gym'/bin/harnessgym", List.of());

    @TempDir Path dir;

    Workspace ws;

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
    }

    Activation activate() {
        return new io.harnessgym.testing.QualifyingActivator(ws, LAUNCHER)
                .activate(Activator.Target.ALL, false);
    }

    static JsonNode server(Activation activation, String name) {
        for (JsonNode server : activation.json().get("mcp_servers")) {
            if (server.get("name").asText().equals(name)) {
                return server;
            }
        }
        throw new AssertionError("no server " + name);
    }

    JsonNode codexToml() throws Exception {
        return new TomlMapper().readTree(Files.readString(dir.resolve(".codex/config.toml")));
    }

    @Test
    void onlyServersThatPassedQualificationAreProjected() throws Exception {
        McpTestServers.install(dir, "good", "ndjson", "ndjson");
        McpTestServers.install(dir, "legacy", "content-length", null);
        McpTestServers.install(dir, "badtest", "ndjson", "ndjson", "--self-test-fails");
        Files2.write(
                dir.resolve(".harnessgym/mcp/dead/mcp.json"),
                "{\"command\": \"false\", \"self_test\": [\"true\"]}");

        Activation activation = activate();

        assertThat(activation.gatePassed()).isFalse();
        assertThat(server(activation, "good").get("active").asBoolean()).isTrue();
        assertThat(server(activation, "good").get("framing").asText()).isEqualTo("ndjson");
        assertThat(server(activation, "good").at("/qualification/status").asText())
                .isEqualTo("passed");
        assertThat(server(activation, "good").at("/qualification/report_path").asText())
                .endsWith("qualification.json");
        assertThat(server(activation, "legacy").get("framing").asText())
                .isEqualTo("content-length");
        assertThat(activation.json().get("mcp_servers")).hasSize(2);
        assertThat(activation.json().get("unqualified_artifacts"))
                .extracting(node -> node.get("path").asText())
                .containsExactlyInAnyOrder(
                        ".harnessgym/mcp/badtest/mcp.json", ".harnessgym/mcp/dead/mcp.json");
        assertThat(activation.json().at("/quality_gate/active_mcp_count").asInt()).isEqualTo(2);
        assertThat(activation.json().at("/quality_gate/inactive_mcp_count").asInt()).isEqualTo(2);
        assertThat(activation.json().at("/quality_gate/active_tool_count").asInt()).isEqualTo(11);

        JsonNode codex = codexToml().get("mcp_servers");
        assertThat(codex.fieldNames()).toIterable().containsExactlyInAnyOrder("good", "legacy");
        assertThat(codex.at("/legacy/args").toString())
                .contains("--framing")
                .contains("content-length");
        assertThat(codex.at("/good/default_tools_approval_mode").asText()).isEqualTo("approve");
        assertThat(codex.at("/good/required").asBoolean())
                .as("Codex waits only for required servers")
                .isTrue();
        JsonNode claude =
                Json.readObject(dir.resolve(".harnessgym/claude_mcp_config.json"), Path.of("c"));
        assertThat(claude.get("mcpServers").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("good", "legacy");
        assertThat(activation.claudeArguments())
                .containsExactly(
                        "--mcp-config",
                        dir.resolve(".harnessgym/claude_mcp_config.json").toString(),
                        "--strict-mcp-config",
                        "--allowedTools=mcp__good,mcp__legacy");
        assertThat(dir.resolve(".harnessgym/activation.json")).exists();
        assertThat(activation.json().get("inventory_text").asText())
                .contains("MCP server good (tools: echo")
                .doesNotContain("badtest");
    }

    @Test
    void skillLinksAreRelativeAndFollowQuarantineAndDeletion() throws Exception {
        Files2.skill(dir, "alpha", "Alpha.");
        Files2.skill(dir, "beta", "Beta.");
        activate();
        for (String root : List.of(".agents/skills", ".claude/skills")) {
            Path link = dir.resolve(root + "/alpha");
            assertThat(Files.isSymbolicLink(link)).isTrue();
            assertThat(Files.readSymbolicLink(link).toString())
                    .isEqualTo("../../.harnessgym/skills/alpha");
            assertThat(link.resolve("SKILL.md")).exists();
        }

        new RegistryService(ws, TestState.of(ws))
                .quarantine("skill:.harnessgym/skills/alpha/SKILL.md", "misleading");
        Files.walk(dir.resolve(".harnessgym/skills/beta"))
                .sorted(java.util.Comparator.reverseOrder())
                .forEach(p -> p.toFile().delete());
        Files2.skill(dir, "gamma", "Gamma.");
        activate();

        for (String root : List.of(".agents/skills", ".claude/skills")) {
            try (var entries = Files.list(dir.resolve(root))) {
                assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("gamma");
            }
        }
    }

    @Test
    void aRealFolderOrAForeignLinkAtALinkPathIsNeverTouched() throws Exception {
        Files2.skill(dir, "alpha", "Alpha.");
        Files2.write(dir.resolve(".claude/skills/alpha/SKILL.md"), "my own skill");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createDirectories(dir.resolve(".agents/skills"));
        Files.createSymbolicLink(dir.resolve(".agents/skills/alpha"), elsewhere);

        Activation activation = activate();

        assertThat(Files2.read(dir.resolve(".claude/skills/alpha/SKILL.md")))
                .isEqualTo("my own skill");
        assertThat(Files.readSymbolicLink(dir.resolve(".agents/skills/alpha")))
                .isEqualTo(elsewhere);
        assertThat(activation.json().get("warnings").toString())
                .contains("skill link .claude/skills/alpha: a real folder")
                .contains("skill link .agents/skills/alpha: a link you made points elsewhere");
        assertThat(activation.gatePassed()).isFalse();
    }

    @Test
    void aSkillThatLeavesTheWorkspaceIsNeverLinked(@TempDir Path outside) throws Exception {
        Files2.write(outside.resolve("evil/SKILL.md"), "---\nname: evil\ndescription: d\n---\n");
        Files.createDirectories(dir.resolve(".harnessgym/skills"));
        Files.createSymbolicLink(dir.resolve(".harnessgym/skills/evil"), outside.resolve("evil"));

        Activation activation = activate();

        assertThat(dir.resolve(".agents/skills/evil")).doesNotExist();
        assertThat(activation.json().get("warnings").toString()).contains("outside the workspace");
    }

    @Test
    void userCodexConfigIsKeptAndAHalfDeletedBlockDoesNotDuplicate() throws Exception {
        McpTestServers.install(dir, "good", "ndjson", "ndjson");
        String user =
                "# my settings\nmodel = \"o9\"\n\n[profiles.fast]\nmodel = \"mini\" # fast one\n\n"
                        + "[mcp_servers.mine]\ncommand = \"my-server\"\n";
        Files2.write(dir.resolve(".codex/config.toml"), user);

        activate();
        String once = Files2.read(dir.resolve(".codex/config.toml"));
        assertThat(once).startsWith(user.stripTrailing());
        activate();
        assertThat(Files2.read(dir.resolve(".codex/config.toml"))).isEqualTo(once);

        // The user deletes the END marker, then (separately) the BEGIN marker.
        Files2.write(
                dir.resolve(".codex/config.toml"),
                once.replace(CodexConfig.END + "\n", "") + "\n[after]\nx = 1\n");
        activate();
        String noEnd = Files2.read(dir.resolve(".codex/config.toml"));
        assertThat(noEnd).contains("[after]\nx = 1").containsOnlyOnce("[mcp_servers.good]");
        Files2.write(
                dir.resolve(".codex/config.toml"), noEnd.replace(CodexConfig.BEGIN + "\n", ""));
        activate();
        String noBegin = Files2.read(dir.resolve(".codex/config.toml"));
        assertThat(noBegin)
                .containsOnlyOnce("[mcp_servers.good]")
                .contains("# my settings", "# fast one", "[after]");
        JsonNode toml = codexToml();
        assertThat(toml.at("/mcp_servers/mine/command").asText()).isEqualTo("my-server");
        assertThat(toml.at("/profiles/fast/model").asText()).isEqualTo("mini");
        assertThat(toml.at("/mcp_servers/good/command").asText())
                .isEqualTo("/opt/harness 'gym'/bin/harnessgym");
    }

    @Test
    void aServerTheUserDefinedIsLeftToTheUser() throws Exception {
        McpTestServers.install(dir, "good", "ndjson", "ndjson");
        Files2.write(
                dir.resolve(".codex/config.toml"), "[mcp_servers.good]\ncommand = \"theirs\"\n");

        Activation activation = activate();

        assertThat(codexToml().at("/mcp_servers/good/command").asText()).isEqualTo("theirs");
        assertThat(activation.json().get("warnings").toString())
                .contains("codex: .codex/config.toml defines its own server good");
    }

    @Test
    void invalidExistingTomlIsReportedAndLeftAlone() {
        McpTestServers.install(dir, "good", "ndjson", "ndjson");
        Files2.write(dir.resolve(".codex/config.toml"), "[broken\nkey = \n");

        assertThatThrownBy(this::activate)
                .hasMessageContaining("the existing .codex/config.toml is not valid TOML")
                .hasMessageContaining("left the file unchanged");
        assertThat(Files2.read(dir.resolve(".codex/config.toml"))).isEqualTo("[broken\nkey = \n");
    }

    @Test
    void namesAndValuesThatWouldBreakTomlOrJsonAreWrittenSafely() throws Exception {
        Path manifest = McpTestServers.install(dir, "odd", "ndjson", "ndjson");
        Files2.write(
                manifest,
                Files2.read(manifest)
                        .replace("\"name\": \"odd\"", "\"name\": \"x\\\"] [evil]\\n\""));

        Activation activation = activate();

        String name = activation.json().at("/mcp_servers/0/name").asText();
        assertThat(name).isEqualTo("x_evil_");
        JsonNode toml = codexToml();
        assertThat(toml.get("mcp_servers").fieldNames()).toIterable().containsExactly("x_evil_");
        assertThat(toml.at("/mcp_servers/x_evil_/command").asText()).isEqualTo(LAUNCHER.command());
        assertThat(
                        Json.readObject(
                                        dir.resolve(".harnessgym/claude_mcp_config.json"),
                                        Path.of("c"))
                                .at("/mcpServers/x_evil_/command")
                                .asText())
                .isEqualTo(LAUNCHER.command());
    }

    @Test
    void deactivateRemovesEveryProjectionAndKeepsTheUsersConfig() throws Exception {
        McpTestServers.install(dir, "good", "ndjson", "ndjson");
        Files2.skill(dir, "alpha", "Alpha.");
        Files2.write(dir.resolve(".codex/config.toml"), "model = \"o9\"\n");
        activate();

        new io.harnessgym.testing.QualifyingActivator(ws, LAUNCHER).deactivate();

        assertThat(Files2.read(dir.resolve(".codex/config.toml"))).isEqualTo("model = \"o9\"\n");
        assertThat(dir.resolve(".agents/skills/alpha")).doesNotExist();
        assertThat(dir.resolve(".claude/skills/alpha")).doesNotExist();
        assertThat(dir.resolve(".harnessgym/claude_mcp_config.json")).doesNotExist();
        assertThat(dir.resolve(RuntimeHelper.RELATIVE_PATH)).doesNotExist();
        assertThat(dir.resolve(".harnessgym/activation.json")).doesNotExist();
        assertThat(dir.resolve(".harnessgym/skills/alpha/SKILL.md")).exists();
    }

    @Test
    void checkWritesNothing() {
        McpTestServers.install(dir, "badtest", "ndjson", "ndjson", "--self-test-fails");
        Activation activation =
                new io.harnessgym.testing.QualifyingActivator(ws, LAUNCHER)
                        .activate(Activator.Target.ALL, true);

        assertThat(activation.gatePassed()).isFalse();
        assertThat(dir.resolve(".harnessgym/activation.json")).doesNotExist();
        assertThat(dir.resolve(".codex")).doesNotExist();
        assertThat(dir.resolve(".harnessgym/claude_mcp_config.json")).doesNotExist();
    }

    @Test
    void runtimeHelperQuotesItsLauncherAndPassesArgumentsThrough() throws Exception {
        Path fake =
                Files2.write(
                        dir.resolve("bin dir/it's harnessgym"),
                        "#!/bin/sh\nfor a in \"$@\"; do printf '<%s>' \"$a\"; done\n");
        fake.toFile().setExecutable(true);
        List<Projection> plan = new java.util.ArrayList<>();
        Path helper =
                RuntimeHelper.plan(
                        ws, new ProxyLauncher(fake.toString(), List.of("-x", "a b")), plan);
        Projection.applyAll(plan);

        Process process =
                new ProcessBuilder(
                                helper.toString(),
                                "--server",
                                "s",
                                "--arguments",
                                "{\"k\": \"v w\"}")
                        .start();
        String out =
                new String(
                        process.getInputStream().readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        assertThat(out)
                .isEqualTo(
                        "<-x><a b><mcp><call><--workspace><"
                                + dir.toRealPath()
                                + "><--server><s><--arguments><{\"k\": \"v w\"}>");
        assertThat(RuntimeHelper.quote("it's")).isEqualTo("'it'\\''s'");
    }

    @Test
    void quarantiningTheLastServerRemovesItsProjections() throws Exception {
        McpTestServers.install(dir, "good", "ndjson", "ndjson");
        McpTestServers.install(dir, "other", "ndjson", "ndjson");
        activate();
        assertThat(codexToml().get("mcp_servers").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("good", "other");

        Files.walk(dir.resolve(".harnessgym/mcp/other"))
                .sorted(java.util.Comparator.reverseOrder())
                .forEach(p -> p.toFile().delete());
        activate();
        assertThat(codexToml().get("mcp_servers").fieldNames())
                .toIterable()
                .containsExactly("good");

        new RegistryService(ws, TestState.of(ws))
                .quarantine("mcp:.harnessgym/mcp/good/mcp.json", "flaky");
        Activation none = activate();
        assertThat(none.json().at("/quality_gate/active_mcp_count").asInt()).isZero();
        assertThat(dir.resolve(".codex/config.toml")).doesNotExist();
        assertThat(dir.resolve(".harnessgym/claude_mcp_config.json")).doesNotExist();
        assertThat(dir.resolve(RuntimeHelper.RELATIVE_PATH)).doesNotExist();
        assertThat(none.claudeArguments()).isEmpty();
        assertThat(none.json().get("quarantined_artifacts").toString())
                .contains(".harnessgym/mcp/good/mcp.json");
    }

    @Test
    void aChangedManifestIsProjectedAnew() throws Exception {
        Path manifest = McpTestServers.install(dir, "good", "ndjson", "ndjson");
        activate();
        assertThat(codexToml().at("/mcp_servers/good/enabled_tools").isMissingNode()).isTrue();

        Files2.write(
                manifest,
                Files2.read(manifest)
                        .replace("\"self_test\"", "\"enabled_tools\": [\"echo\"], \"self_test\""));
        Activation changed = activate();

        assertThat(codexToml().at("/mcp_servers/good/enabled_tools/0").asText()).isEqualTo("echo");
        assertThat(changed.codexOverrides()).contains("mcp_servers.good.enabled_tools=['echo']");
        assertThat(changed.json().at("/quality_gate/active_tool_count").asInt()).isEqualTo(1);
    }
}
