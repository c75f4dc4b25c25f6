package io.harnessgym.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.testing.CliRun;
import io.harnessgym.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code harnessgym agent run}: one phase from the command line, and its usage errors. */
class AgentCommandsTest {
    @TempDir Path ws;

    @Test
    void theScriptedAgentRunsOnePhaseAndTheRecordIsPrinted() throws Exception {
        Files.createDirectories(ws.resolve(".harnessgym"));
        CliRun run =
                CliRun.run(
                        "agent",
                        "run",
                        "--runner",
                        "fake",
                        "--prompt",
                        "go",
                        "--workspace",
                        ws.toString(),
                        "--run-id",
                        "r9",
                        "--iteration",
                        "1",
                        "--json");

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        JsonNode result = Json.MAPPER.readTree(run.out());
        assertThat(result.path("runner").asText()).isEqualTo("scripted");
        assertThat(result.path("status").asText()).isEqualTo("completed");
        assertThat(result.path("session_id").asText()).isEqualTo("scripted-r9-1");
        assertThat(Path.of(result.at("/files/prompt").asText())).hasContent("go");
    }

    @Test
    void anUnknownRunnerOrPhaseIsAUsageErrorOnOneLine() {
        CliRun runner =
                CliRun.run(
                        "agent",
                        "run",
                        "--runner",
                        "gpt",
                        "--prompt",
                        "x",
                        "--workspace",
                        ws.toString());
        assertThat(runner.exitCode()).isEqualTo(2);
        assertThat(runner.err())
                .contains("unknown runner 'gpt'", "exec and fake")
                .doesNotContain("Exception");

        CliRun phase =
                CliRun.run(
                        "agent",
                        "run",
                        "--runner",
                        "codex",
                        "--phase",
                        "plan",
                        "--prompt",
                        "x",
                        "--workspace",
                        ws.toString());
        assertThat(phase.exitCode()).isEqualTo(2);
        assertThat(phase.err()).contains("unknown phase 'plan'");
    }

    /** {@code agent run} of a Codex that is not there, with {@code extra} arguments. */
    private CliRun missingCodex(String... extra) {
        java.util.List<String> args =
                new java.util.ArrayList<>(
                        java.util.List.of(
                                "agent",
                                "run",
                                "--runner",
                                "codex",
                                "--program",
                                "/nonexistent/codex",
                                "--prompt",
                                "x",
                                "--workspace",
                                ws.toString()));
        args.addAll(java.util.List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void aMissingAgentProgramIsAnErrorRecordNotACrash() throws Exception {
        CliRun run = missingCodex();
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("attempt error", "not installed");

        // The record says why, not only that it failed (the loop's messages read it from there).
        CliRun json = missingCodex("--json");
        assertThat(json.exitCode()).isEqualTo(3);
        com.fasterxml.jackson.databind.JsonNode record =
                io.harnessgym.workspace.Json.MAPPER.readTree(json.out());
        assertThat(record.path("status").asText()).isEqualTo("error");
        assertThat(record.path("reason").asText()).contains("not installed");
    }
}
