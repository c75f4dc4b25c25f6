package io.harnessgym.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.harnessgym.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** harnessgym stopped by SIGTERM during a phase leaves none of the agent's processes behind. */
class AgentSignalIT {
    @TempDir Path dir;

    @Test
    void sigtermDuringAPhaseEndsTheAgentAndItsDetachedChildren() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Path harness = Files.createDirectories(dir.resolve("harness"));
        Path marker = ws.resolve("started");
        String token = "300." + ProcessHandle.current().pid();
        Path agent = harness.resolve("agent.sh");
        Files.writeString(
                agent,
                "#!/bin/sh\nsetsid bash -c 'trap \"\" TERM; exec sleep "
                        + token
                        + "' &\n"
                        + "trap '' TERM\ntouch \"$HARNESSGYM_WORKSPACE/started\"\nsleep 300\n");
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(
                harness.resolve("harness.json"),
                "{\"version\": 1, \"local\": {\"command\": \"./agent.sh\"}}");
        ProcessBuilder builder =
                new ProcessBuilder(
                                ShadedJarIT.jar(
                                        "agent",
                                        "run",
                                        "--runner",
                                        "command",
                                        "--harness",
                                        harness.toString(),
                                        "--prompt",
                                        "x",
                                        "--workspace",
                                        ws.toString(),
                                        "--state-dir",
                                        dir.resolve("state").toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("HARNESSGYM_AGENT_DIR", dir.resolve("agent-dir").toString());
        // Unsandboxed: bubblewrap's --die-with-parent would end it anyway; this is harnessgym's
        // own.
        builder.environment().put(io.harnessgym.process.Sandbox.ENV, "none");
        Process harnessgym = builder.start();
        Eventually.holds(() -> assertThat(marker).exists());
        Eventually.holds(() -> assertThat(io.harnessgym.testing.Survivors.of(token)).isNotEmpty());

        harnessgym.destroy();

        assertThat(harnessgym.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Eventually.holds(() -> assertThat(io.harnessgym.testing.Survivors.of(token)).isEmpty());
    }
}
