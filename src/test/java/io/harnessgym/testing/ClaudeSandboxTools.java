package io.harnessgym.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.harnessgym.process.ProcessSpec;
import java.util.List;

/**
 * Claude Code's sandbox on Linux needs bubblewrap and socat; without them it refuses to start
 * (harnessgym sets {@code sandbox.failIfUnavailable}), so a test that drives the real CLI skips.
 */
public final class ClaudeSandboxTools {
    static final List<String> TOOLS = List.of("bwrap", "socat");

    private ClaudeSandboxTools() {}

    /** Skips the calling test, naming what is missing, unless both tools are on the PATH. */
    public static void require() {
        String path = TestState.env().getOrDefault("PATH", "");
        List<String> missing =
                TOOLS.stream().filter(tool -> ProcessSpec.onPath(path, tool) == null).toList();
        assumeTrue(
                missing.isEmpty(),
                "Claude Code's sandbox needs "
                        + String.join(" and ", missing)
                        + " (apt-get install bubblewrap socat; .ci/run installs them)");
    }
}
