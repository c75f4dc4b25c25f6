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

    @Test
    void harnessgymTomlSuppliesTheSettingsAndAFlagWins() throws Exception {
        Path ws = Files2.copyTree(Path.of("examples/bugfix-java"), dir.resolve("ws"));
        Files.writeString(
                ws.resolve("harnessgym.toml"),
                """
                [run]
                runner = "scripted"
                task = "task.md"
                post_attempt_command = "sh check/run.sh"
                protect = ["check"]
                iterations = 1
                """);

        CliRun run =
                CliRun.run(
                        "run",
                        "--workspace",
                        ws.toString(),
                        "--iterations",
                        "3",
                        "--run-id",
                        "t1",
                        "--json");

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        JsonNode summary = Json.MAPPER.readTree(run.out());
        // iterations = 1 in the file, 3 on the command line: the flag won (iteration 2 solves).
        assertThat(summary.path("iterations")).hasSize(2);
        assertThat(summary.path("solved").asBoolean()).isTrue();
    }

    @Test
    void aBadHarnessgymTomlIsOneUsageLineNamingTheKey() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Files.writeString(ws.resolve("harnessgym.toml"), "[run]\nitertions = 2\n");
        CliRun unknown = CliRun.run("run", "--task-text", "x", "--workspace", ws.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("harnessgym.toml: [run] itertions is not a setting");
        assertThat(unknown.err().lines()).hasSize(1);

        Files.writeString(ws.resolve("harnessgym.toml"), "[run]\niterations = \"many\"\n");
        CliRun type = CliRun.run("run", "--task-text", "x", "--workspace", ws.toString());
        assertThat(type.exitCode()).isEqualTo(2);
        assertThat(type.err()).contains("[run] iterations: not a int");

        Files.writeString(ws.resolve("harnessgym.toml"), "[run\n");
        CliRun broken = CliRun.run("run", "--task-text", "x", "--workspace", ws.toString());
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).contains("is not valid TOML");

        Files.writeString(ws.resolve("harnessgym.toml"), "[run]\nrun_id = \"fixed\"\n");
        CliRun once = CliRun.run("run", "--task-text", "x", "--workspace", ws.toString());
        assertThat(once.exitCode()).isEqualTo(2);
        assertThat(once.err()).contains("run_id is not a setting");
    }

    @Test
    void resumeTakesTheRecordedSettingsAndRefusesOthers() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        CliRun other =
                CliRun.run(
                        "run", "--resume", "r1", "--iterations", "2", "--workspace", ws.toString());
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err()).contains("drop --iterations");
        CliRun missing = CliRun.run("run", "--resume", "r9", "--workspace", ws.toString());
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("no run r9 to resume");
        CliRun bad = CliRun.run("run", "--resume", "../x", "--workspace", ws.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
    }

    @Test
    void theOptimizationDemoImprovesAndRestoresTheBestTree() throws Exception {
        CliRun run =
                CliRun.run(
                        "demo", "--example", "optimize-java", "--into", dir.toString(), "--json");

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        JsonNode summary = Json.MAPPER.readTree(run.out());
        assertThat(summary.at("/optimization/improved").asBoolean()).isTrue();
        assertThat(summary.at("/optimization/restored/measured/score").asDouble()).isEqualTo(12.7);
        assertThat(Files.readString(dir.resolve("workspace/src/Search.java")))
                .contains("binary search");
        CliRun show =
                CliRun.run(
                        "runs",
                        "show",
                        "demo",
                        "--workspace",
                        dir.resolve("workspace").toString(),
                        "--state-dir",
                        dir.resolve("state").toString());
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out())
                .contains(
                        "change mcp/dev_bench (passed): predicted: the next attempt checks its"
                                + " change and scores lower; observed: 1 call(s), score 101.87 ->"
                                + " 12.7");
        // Progress went to stderr as timestamped lines (not a terminal).
        assertThat(run.err()).containsPattern("\\d\\d:\\d\\d:\\d\\d iteration 2: score done");
    }

    @Test
    void onATerminalTheStatusLineShowsStepLimitRunnerEventTokensAndCostSanitised()
            throws Exception {
        Path events = dir.resolve("attempt.stdout.log");
        Files.writeString(
                events,
                "{\"type\":\"turn.started\"}\n{\"type\":\"item.completed\\u001b[2J\",\"item\":{\"type\":\"mcp_tool_call\"}}\n");
        var screen = new java.io.ByteArrayOutputStream();
        try (org.jline.terminal.Terminal terminal =
                org.jline.terminal.TerminalBuilder.builder()
                        .system(false)
                        .streams(new java.io.ByteArrayInputStream(new byte[0]), screen)
                        .type("xterm")
                        .size(new org.jline.terminal.Size(160, 24))
                        .build()) {
            RunProgress progress =
                    RunProgress.on(new java.io.PrintWriter(java.io.Writer.nullWriter()), terminal);
            progress.runStarted("r1", "codex", 3);
            progress.stepStarted(2, "attempt", java.time.Duration.ofMinutes(45), events);
            progress.stepEnded(1, "score", "done", "passed", 12_345, 0.0123);
            String status = progress.statusText();
            assertThat(status)
                    .contains(
                            "iteration 2/3",
                            "attempt",
                            "/ 45:00",
                            "codex",
                            "item.completed",
                            "mcp_tool_call",
                            "12,345 tokens",
                            "$0.0123");
            assertThat(status).doesNotContain("\u001b");
            progress.close();
        }
        assertThat(screen.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("iteration 1: score done: passed");
    }
}
