package io.harnessgym.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.harnessgym.testing.Eventually;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.McpTestServers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A harnessgym process stopped by SIGTERM releases the workspace lock and ends the servers it
 * started.
 */
class SignalIT {
    @TempDir Path ws;

    @Test
    void sigtermDuringActivateReleasesTheLockAndEndsTheServerUnderCheck() throws Exception {
        Path log = ws.resolve("server.log");
        McpTestServers.install(
                ws, "slow", "ndjson", "ndjson", "--start-delay", "30", "--log", log.toString());
        ProcessBuilder builder =
                new ProcessBuilder(ShadedJarIT.jar("activate", "--workspace", ws.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // Unsandboxed: the server under check then writes its log into the live workspace, and
        // only harnessgym's own SIGTERM handling (not bubblewrap's --die-with-parent) ends it.
        builder.environment().put(io.harnessgym.process.Sandbox.ENV, "none");
        Process activate = builder.start();
        Eventually.holds(
                () -> {
                    assertThat(ws.resolve(".harnessgym/lock"))
                            .as("activate holds the lock")
                            .exists();
                    assertThat(Files2.jsonLines(log))
                            .as("the server under check has started")
                            .isNotEmpty();
                });
        long serverPid = Files2.jsonLines(log).get(0).get("pid").asLong();

        activate.destroy();

        assertThat(activate.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(ws.resolve(".harnessgym/lock")).as("lock released on SIGTERM").doesNotExist();
        Eventually.holds(
                () ->
                        assertThat(
                                        ProcessHandle.of(serverPid)
                                                .map(ProcessHandle::isAlive)
                                                .orElse(false))
                                .as("server ended")
                                .isFalse());
        assertThat(List.of(ws.resolve(".codex"), ws.resolve(".harnessgym/activation.json")))
                .allSatisfy(path -> assertThat(path).doesNotExist());
    }
}
