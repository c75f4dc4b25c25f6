package io.harnessgym.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's scratch folders, where the tool gateway and the call collector put sockets. */
class AgentDirsTest {
    @TempDir Path dir;

    @Test
    void aPhaseFolderLeavesRoomForASocketWhateverTheRunIdIs() throws Exception {
        // A default run id (<UTC time>-<8 hex>) and a compare trial's id used to give a socket path
        // over the 107 bytes a Unix socket may have: "Unix domain path too long".
        Path root = Path.of("/var/tmp", "harnessgym-agent-0123456789abcdef");
        for (String runId :
                new String[] {
                    "20261203T111840Z-72c66f05",
                    "trial-a-task-name-of-sixty-characters-xxxxxxxxxxxxxxxxxxxxxxxxxx-harnessed-10"
                }) {
            PhaseRequest request =
                    new PhaseRequest(
                            Phase.ATTEMPT,
                            "p",
                            null,
                            dir,
                            Duration.ofSeconds(1),
                            new PhaseRequest.RunScope(runId, "12", ""),
                            null);
            Path phase = AgentDirs.phase(dir.resolve("agent"), request);
            Path socket = root.resolve("phases").resolve(phase.getFileName()).resolve("tools.sock");
            assertThat(socket.toString().getBytes(StandardCharsets.UTF_8).length)
                    .as(socket.toString())
                    .isLessThan(108);
            assertThat(phase.getFileName().toString()).contains("12-attempt");
        }
    }
}
