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
    void activateQualifiesFirstAndCheckIsANegativeVerdictWhileSomethingIsLeftOut()
            throws Exception {
        McpTestServers.install(dir, "good", "ndjson", "ndjson");
        McpTestServers.install(dir, "bad", "ndjson", "ndjson", "--self-test-fails");

        CliRun check = CliRun.run("activate", "--check", "--workspace", dir.toString());
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out())
                .startsWith("would activate 0 MCP servers (0 tools) and 0 skills; 2 not qualified")
                .contains("is not qualified at its current digest; run 'harnessgym qualify'");
        assertThat(dir.resolve(".harnessgym/activation.json")).doesNotExist();

        CliRun noQualify = CliRun.run("activate", "--no-qualify", "--workspace", dir.toString());
        assertThat(noQualify.exitCode()).isZero();
        assertThat(noQualify.out()).startsWith("activated 0 MCP servers");

        CliRun activate =
                CliRun.run(
                        "activate", "--runner", "claude", "--json", "--workspace", dir.toString());
        assertThat(activate.exitCode())
                .as("activation itself succeeds; the report says what failed")
                .isZero();
        JsonNode report = Json.MAPPER.readTree(activate.out());
        assertThat(report.at("/qualification/status").asText()).isEqualTo("failed");
        assertThat(report.at("/qualification/failed_artifacts/0").asText())
                .isEqualTo(".harnessgym/mcp/bad/mcp.json");
        assertThat(report.at("/quality_gate/status").asText()).isEqualTo("failed");
        assertThat(report.at("/quality_gate/active_mcp_count").asInt()).isEqualTo(1);
        assertThat(report.at("/projections/claude/config_path").asText())
                .isEqualTo(".harnessgym/claude_mcp_config.json");
        assertThat(report.at("/projections/codex").isMissingNode()).isTrue();
        assertThat(dir.resolve(".codex/config.toml")).doesNotExist();

        CliRun again = CliRun.run("activate", "--check", "--workspace", dir.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.out())
                .startsWith(
                        "would activate 1 MCP servers (11 tools) and 0 skills; 1 not qualified");
    }

    @Test
    void activateThenDeactivate() {
        McpTestServers.install(dir, "good", "ndjson", "ndjson");
        Files2.skill(dir, "alpha", "Alpha.");

        CliRun activate = CliRun.run("activate", "--workspace", dir.toString());
        assertThat(activate.exitCode()).isZero();
        assertThat(activate.out())
                .startsWith("qualification passed: 2 judged (2 passed, 0 failed)")
                .contains("activated 1 MCP servers (11 tools) and 1 skills; 0 not qualified");
        assertThat(dir.resolve(".agents/skills/alpha/SKILL.md")).exists();
        assertThat(CliRun.run("activate", "--check", "--workspace", dir.toString()).exitCode())
                .isZero();

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
