package io.harnessgym.registry;

import java.util.List;
import java.util.Map;

/**
 * A validated MCP server manifest, normalised: every timeout resolved to seconds, {@code cwd} a
 * workspace-relative path that stays inside the workspace, {@code self_test} reduced to argv.
 *
 * @param name the server name after sanitising ({@code [A-Za-z0-9_-]}); the key in agent configs
 * @param declaredName the manifest's own {@code name}, or null when it had none
 * @param manifestPath the manifest file, workspace-relative
 * @param framing {@code auto}, {@code ndjson} or {@code content-length}
 * @param selfTest null when the manifest configures none (qualification then fails it)
 * @param network whether the server and its self-test may use the network when sandboxed ({@code
 *     "network": true}; default off)
 */
public record McpManifest(
        String name,
        String declaredName,
        String manifestPath,
        String command,
        List<String> args,
        String cwd,
        Map<String, String> env,
        List<String> enabledTools,
        String description,
        String framing,
        int startupTimeoutSec,
        int toolTimeoutSec,
        int selfTestTimeoutSec,
        SelfTest selfTest,
        boolean network) {

    public McpManifest {
        args = List.copyOf(args);
        env = Map.copyOf(env);
        enabledTools = List.copyOf(enabledTools);
    }

    /** The same manifest with its framing stated ({@code ndjson} or {@code content-length}). */
    public McpManifest withFraming(String value) {
        return new McpManifest(
                name,
                declaredName,
                manifestPath,
                command,
                args,
                cwd,
                env,
                enabledTools,
                description,
                value,
                startupTimeoutSec,
                toolTimeoutSec,
                selfTestTimeoutSec,
                selfTest,
                network);
    }

    /** The self-test as argv (run without a shell), its workspace-relative cwd, and its timeout. */
    public record SelfTest(List<String> argv, String cwd, int timeoutSec) {
        public SelfTest {
            argv = List.copyOf(argv);
        }
    }
}
