package io.harnessgym.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.testing.CliRun;
import io.harnessgym.testing.Files2;
import io.harnessgym.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code harnessgym demo} and {@code harnessgym run} from the command line. */
class RunCommandsTest {
    @TempDir Path dir;

    @Test
    void theDemoRunsTheWholeLoopOnTheBundledExampleAndSolves() throws Exception {
        CliRun run = CliRun.run("demo", "--into", dir.toString(), "--json");

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        JsonNode summary = Json.MAPPER.readTree(run.out());
        assertThat(summary.path("solved").asBoolean()).isTrue();
        assertThat(summary.path("iterations")).hasSize(2);
        assertThat(summary.at("/iterations/1/attempt_mcp_calls").asInt()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("workspace/src/Calc.java")))
                .contains("return a + b;");
    }

    @Test
    void runWithTheScriptedAgentOnACopyOfTheExample() throws Exception {
        Path ws = Files2.copyTree(Path.of("examples/bugfix-java"), dir.resolve("ws"));
        CliRun run =
                CliRun.run(
                        "run",
                        "--runner",
                        "fake",
                        "--task",
                        "task.md",
                        "--workspace",
                        ws.toString(),
                        "--post-attempt-command",
                        "sh check/run.sh",
                        "--protect",
                        "check",
                        "--run-id",
                        "r1");

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(run.out())
                .contains(
                        "run r1: stopped", "solved and verified: yes", "best verified score: 5.0");

        CliRun again =
                CliRun.run(
                        "run",
                        "--runner",
                        "fake",
                        "--task",
                        "task.md",
                        "--workspace",
                        ws.toString(),
                        "--run-id",
                        "r1");
        assertThat(again.exitCode()).isEqualTo(3);
        assertThat(again.err()).contains("run r1 exists already");
    }

    @Test
    void badRunOptionsAreUsageErrors() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        CliRun protect =
                CliRun.run(
                        "run",
                        "--task-text",
                        "x",
                        "--workspace",
                        ws.toString(),
                        "--protect",
                        "../outside");
        assertThat(protect.exitCode()).isEqualTo(2);
        assertThat(protect.err()).contains("--protect ../outside");
        CliRun empty = CliRun.run("run", "--task-text", "  ", "--workspace", ws.toString());
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("the task is empty");
        CliRun iterations =
                CliRun.run(
                        "run",
                        "--task-text",
                        "x",
                        "--iterations",
                        "0",
                        "--workspace",
                        ws.toString());
        assertThat(iterations.exitCode()).isEqualTo(2);
        assertThat(iterations.err()).contains("--iterations must be at least 1");
    }
}
