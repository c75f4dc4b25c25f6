package io.harnessgym.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.testing.Eventually;
import io.harnessgym.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** harnessgym run stopped by SIGTERM mid-attempt: a summary that says so, and no agent left. */
class RunSignalIT {
    @TempDir Path dir;

    @Test
    void sigtermDuringARunLeavesASummaryAndNoProcess() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Path harness = Files.createDirectories(dir.resolve("harness"));
        String token = "301." + ProcessHandle.current().pid();
        Path agent = harness.resolve("agent.sh");
        Files.writeString(
                agent,
                "#!/bin/sh\ntouch \"$HARNESSGYM_WORKSPACE/started\"\nexec sleep " + token + "\n");
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(
                harness.resolve("harness.json"),
                "{\"version\": 1, \"local\": {\"command\": \"./agent.sh\"}}");
        Path state = dir.resolve("state");
        ProcessBuilder builder =
                new ProcessBuilder(
                                ShadedJarIT.jar(
                                        "run",
                                        "--runner",
                                        "command",
                                        "--harness",
                                        harness.toString(),
                                        "--task-text",
                                        "wait",
                                        "--run-id",
                                        "sig",
                                        "--workspace",
                                        ws.toString(),
                                        "--state-dir",
                                        state.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("HARNESSGYM_AGENT_DIR", dir.resolve("agent-dir").toString());
        Process run = builder.start();
        Eventually.holds(() -> assertThat(ws.resolve("started")).exists());

        run.destroy();

        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        JsonNode summary = Json.MAPPER.readTree(state.resolve("runs/sig/summary.json").toFile());
        assertThat(summary.path("status").asText()).isEqualTo("interrupted");
        Eventually.holds(() -> assertThat(io.harnessgym.testing.Survivors.of(token)).isEmpty());
        assertThat(ws.resolve(".harnessgym/lock")).doesNotExist();
    }

    @Test
    void aRunInterruptedMidAttemptIsResumedFromItsLastCompletedStepAndSolves() throws Exception {
        Path ws =
                io.harnessgym.testing.Files2.copyTree(
                        Path.of("examples/bugfix-java"), dir.resolve("ws"));
        Path script = dir.resolve("script.json");
        Files.writeString(
                script,
                "{\"version\": 1, \"phases\": {\"attempt\": [{\"do\": \"write\", \"path\":"
                        + " \"started\", \"content\": \"x\"}, {\"do\": \"sleep\", \"ms\": 120000}]}}");
        Path state = dir.resolve("state");
        ProcessBuilder first =
                new ProcessBuilder(
                                ShadedJarIT.jar(
                                        "run",
                                        "--runner",
                                        "scripted",
                                        "--script",
                                        script.toString(),
                                        "--task",
                                        "task.md",
                                        "--post-attempt-command",
                                        "sh check/run.sh",
                                        "--protect",
                                        "check",
                                        "--run-id",
                                        "cut",
                                        "--workspace",
                                        ws.toString(),
                                        "--state-dir",
                                        state.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        first.environment().put("HARNESSGYM_AGENT_DIR", dir.resolve("agent-dir").toString());
        Process run = first.start();
        Eventually.holds(() -> assertThat(ws.resolve("started")).exists());
        run.destroy();
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(
                        Json.MAPPER
                                .readTree(state.resolve("runs/cut/summary.json").toFile())
                                .path("status")
                                .asText())
                .isEqualTo("interrupted");
        // The task-state step was the last one done; the cut attempt is not.
        assertThat(
                        Json.MAPPER
                                .readTree(state.resolve("runs/cut/state.json").toFile())
                                .path("steps_done")
                                .asInt())
                .isEqualTo(1);
        // The agent now fixes the bug at once (the same script path, as the run recorded it).
        Files.writeString(
                script,
                "{\"version\": 1, \"phases\": {\"attempt\": [{\"do\": \"patch\", \"path\":"
                        + " \"src/Calc.java\", \"find\": \"return a - b;\", \"replace\": \"return a + b;\"}]}}");

        ProcessBuilder refused =
                new ProcessBuilder(
                                ShadedJarIT.jar(
                                        "run",
                                        "--resume",
                                        "cut",
                                        "--workspace",
                                        ws.toString(),
                                        "--state-dir",
                                        state.toString()))
                        .redirectErrorStream(true);
        refused.environment().put("HARNESSGYM_AGENT_DIR", dir.resolve("agent-dir").toString());
        Process again = refused.start();
        String said = new String(again.getInputStream().readAllBytes());
        assertThat(again.waitFor()).isEqualTo(3);
        assertThat(said).contains("added started", "--discard-changes");

        ProcessBuilder resumed =
                new ProcessBuilder(
                                ShadedJarIT.jar(
                                        "run",
                                        "--resume",
                                        "cut",
                                        "--discard-changes",
                                        "--workspace",
                                        ws.toString(),
                                        "--state-dir",
                                        state.toString()))
                        .redirectErrorStream(true);
        resumed.environment().put("HARNESSGYM_AGENT_DIR", dir.resolve("agent-dir").toString());
        Process last = resumed.start();
        String out = new String(last.getInputStream().readAllBytes());
        assertThat(last.waitFor()).as(out).isZero();
        JsonNode summary = Json.MAPPER.readTree(state.resolve("runs/cut/summary.json").toFile());
        assertThat(summary.path("status").asText()).isEqualTo("stopped");
        assertThat(summary.path("solved").asBoolean()).isTrue();
        assertThat(ws.resolve("started")).doesNotExist();
        assertThat(Files.readString(ws.resolve("src/Calc.java"))).contains("return a + b;");
    }
}
