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
        Eventually.holds(
                () ->
                        assertThat(
                                        ProcessHandle.allProcesses()
                                                .filter(
                                                        p ->
                                                                p.info()
                                                                        .arguments()
                                                                        .map(
                                                                                a ->
                                                                                        String.join(
                                                                                                        " ",
                                                                                                        a)
                                                                                                .contains(
                                                                                                        token))
                                                                        .orElse(false)))
                                .isEmpty());
        assertThat(ws.resolve(".harnessgym/lock")).doesNotExist();
    }
}
