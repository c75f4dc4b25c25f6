package io.harnessgym.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.testing.CliRun;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.workspace.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivateCommandsTest {
    @TempDir Path dir;

    @Test
    void activateCheckIsANegativeVerdictWhenTheGateFailsAndWritesNothing() throws Exception {
        McpTestServers.install(dir, "good", "ndjson", "ndjson");
        McpTestServers.install(dir, "bad", "ndjson", "ndjson", "--self-test-fails");

        CliRun check = CliRun.run("activate", "--check", "--workspace", dir.toString());
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out())
                .startsWith("quality gate failed: 1 MCP servers would be activated, 1 not")
                .contains("bad: failed checks: self_test (exited with status 1")
                .contains("qualification is not implemented yet");
        assertThat(dir.resolve(".harnessgym/activation.json")).doesNotExist();

        CliRun activate =
                CliRun.run(
                        "activate", "--runner", "claude", "--json", "--workspace", dir.toString());
        assertThat(activate.exitCode())
                .as("activation itself succeeds; the report says what failed")
                .isZero();
        JsonNode report = Json.MAPPER.readTree(activate.out());
        assertThat(report.at("/quality_gate/status").asText()).isEqualTo("failed");
        assertThat(report.at("/projections/claude/config_path").asText())
                .isEqualTo(".harnessgym/claude_mcp_config.json");
        assertThat(report.at("/projections/codex").isMissingNode()).isTrue();
        assertThat(dir.resolve(".codex/config.toml")).doesNotExist();
    }

    @Test
    void activateThenDeactivate() {
        McpTestServers.install(dir, "good", "ndjson", "ndjson");
        Files2.skill(dir, "alpha", "Alpha.");

        CliRun activate = CliRun.run("activate", "--workspace", dir.toString());
        assertThat(activate.exitCode()).isZero();
        assertThat(activate.out())
                .startsWith(
                        "quality gate passed: 1 MCP servers activated, 0 not, 11 tools, 1 skills")
                .as("'active' in the registry means qualified; the note says which is which")
                .contains("'harnessgym registry list' calls it 'unqualified'");
        assertThat(dir.resolve(".agents/skills/alpha/SKILL.md")).exists();

        CliRun deactivate = CliRun.run("deactivate", "--workspace", dir.toString());
        assertThat(deactivate.exitCode()).isZero();
        assertThat(deactivate.out())
                .isEqualTo(
                        "deactivated: removed 2 skill links, Codex servers good,"
                                + " .codex/config.toml, .harnessgym/claude_mcp_config.json,"
                                + " .harnessgym/runtime/mcp-call, .harnessgym/activation.json\n");
        assertThat(dir.resolve(".codex")).as("no empty folders are left").doesNotExist();
        assertThat(dir.resolve(".agents")).doesNotExist();
        assertThat(dir.resolve(".claude")).doesNotExist();
        assertThat(dir.resolve(".harnessgym/runtime")).doesNotExist();
        assertThat(
                        CliRun.run("activate", "--runner", "gemini", "--workspace", dir.toString())
                                .exitCode())
                .isEqualTo(2);
    }
}
