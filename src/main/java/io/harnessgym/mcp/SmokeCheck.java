package io.harnessgym.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.mcp.client.McpClient;
import io.harnessgym.mcp.client.McpException;
import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.process.Sandbox;
import io.harnessgym.registry.McpManifest;
import io.harnessgym.workspace.Workspace;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The one smoke check (for {@code mcp smoke} and the quality gate): start the server directly,
 * {@code initialize} within its startup timeout, {@code tools/list} (all pages) within its tool
 * timeout, and stop it. The framing it spoke is recorded.
 */
public final class SmokeCheck {
    private SmokeCheck() {}

    /** Passed or failed. */
    public enum Status {
        PASSED,
        FAILED
    }

    /**
     * What the check saw; on failure only {@code message} says why, and {@code cannotStart} tells a
     * server that could not be started at all (bad cwd, command not found) from one that ran.
     */
    public record Result(
            Status status,
            boolean cannotStart,
            String message,
            Framing framing,
            String protocolVersion,
            JsonNode serverInfo,
            List<JsonNode> tools) {
        public Result {
            tools = List.copyOf(tools);
        }

        public boolean passed() {
            return status == Status.PASSED;
        }

        public List<String> toolNames() {
            return tools.stream().map(tool -> tool.path("name").asText()).toList();
        }
    }

    public static Result run(Workspace workspace, McpManifest manifest, Map<String, String> env) {
        return run(workspace, manifest, env, null, null);
    }

    /**
     * The check with the server confined by {@code sandbox} under {@code policy} (qualification); a
     * null policy runs it unconfined.
     */
    public static Result run(
            Workspace workspace,
            McpManifest manifest,
            Map<String, String> env,
            Sandbox sandbox,
            Sandbox.Policy policy) {
        ServerLaunch launch;
        try {
            launch = ServerLaunch.fromManifest(workspace, manifest, env).confined(sandbox, policy);
        } catch (HarnessGymException e) {
            return new Result(Status.FAILED, true, e.getMessage(), null, null, null, List.of());
        }
        return run(launch, manifest);
    }

    private static Result run(ServerLaunch launch, McpManifest manifest) {
        McpClient started;
        try {
            started = McpClient.start(launch);
        } catch (HarnessGymException e) {
            return new Result(Status.FAILED, true, e.getMessage(), null, null, null, List.of());
        }
        try {
            try (McpClient client = started) {
                McpClient.Initialized init =
                        client.initialize(Duration.ofSeconds(manifest.startupTimeoutSec()));
                List<JsonNode> tools =
                        client.listTools(Duration.ofSeconds(manifest.toolTimeoutSec()));
                return new Result(
                        Status.PASSED,
                        false,
                        "passed",
                        init.framing(),
                        init.protocolVersion(),
                        init.serverInfo(),
                        tools);
            }
        } catch (McpException | RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            return new Result(Status.FAILED, false, message, null, null, null, List.of());
        }
    }
}
