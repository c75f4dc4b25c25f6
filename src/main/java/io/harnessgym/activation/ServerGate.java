package io.harnessgym.activation;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.mcp.ServerLaunch;
import io.harnessgym.mcp.client.McpClient;
import io.harnessgym.mcp.client.McpException;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.ArtifactState;
import io.harnessgym.registry.McpManifest;
import io.harnessgym.workspace.Workspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The quality gate for one server: a strict smoke test (initialize and tools/list answered with the
 * right ids and no JSON-RPC error; the framing detected and recorded), the self-test, and the tool
 * inventory (non-empty, and every {@code enabled_tools} name present in tools/list). Qualification
 * at the current digest is the fourth check, unless the caller treats valid artifacts as qualified.
 */
final class ServerGate {
    private ServerGate() {}

    static ServerResult check(
            Workspace workspace,
            ArtifactReport artifact,
            Map<String, String> env,
            boolean qualificationRequired) {
        long start = System.nanoTime();
        McpManifest manifest = artifact.manifest();
        List<String> failed = new ArrayList<>();
        String smokeStatus = "passed";
        String smokeMessage = "passed";
        String framing = null;
        String protocol = null;
        List<String> tools = new ArrayList<>();
        // The self-test does not depend on the smoke test: it runs while the server starts.
        java.util.concurrent.FutureTask<SelfTestResult> selfTestTask =
                new java.util.concurrent.FutureTask<>(
                        () -> SelfTestRunner.run(workspace, manifest, env));
        Thread selfTestThread = new Thread(selfTestTask, "harnessgym-self-test-" + manifest.name());
        selfTestThread.setDaemon(true);
        selfTestThread.start();
        try (McpClient client =
                McpClient.start(ServerLaunch.fromManifest(workspace, manifest, env))) {
            McpClient.Initialized init =
                    client.initialize(Duration.ofSeconds(manifest.startupTimeoutSec()));
            framing = init.framing().id();
            protocol = init.protocolVersion();
            for (JsonNode tool : client.listTools(Duration.ofSeconds(manifest.toolTimeoutSec()))) {
                tools.add(tool.path("name").asText());
            }
        } catch (McpException | RuntimeException e) {
            smokeStatus = "failed";
            smokeMessage = e.getMessage();
            failed.add("smoke");
        }
        SelfTestResult selfTest = await(selfTestTask, manifest);
        if (!selfTest.passed()) {
            failed.add("self_test");
        }
        String inventory = inventory(manifest, tools, smokeStatus.equals("passed"));
        if (!inventory.equals("passed")) {
            failed.add("tool_inventory");
        }
        if (qualificationRequired && artifact.state() != ArtifactState.ACTIVE) {
            failed.add("qualification");
        }
        return new ServerResult(
                artifact,
                manifest,
                smokeStatus,
                smokeMessage,
                framing,
                protocol,
                tools,
                selfTest,
                inventory,
                failed,
                (System.nanoTime() - start) / 1e9);
    }

    private static SelfTestResult await(
            java.util.concurrent.FutureTask<SelfTestResult> task, McpManifest manifest) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SelfTestResult("failed", "interrupted", List.of(), null, "", "");
        } catch (java.util.concurrent.ExecutionException e) {
            return new SelfTestResult(
                    "failed",
                    "could not run self-test: " + e.getCause(),
                    manifest.selfTest() == null ? List.of() : manifest.selfTest().argv(),
                    null,
                    "",
                    "");
        }
    }

    private static String inventory(McpManifest manifest, List<String> tools, boolean smokePassed) {
        if (!smokePassed) {
            return "no tools: the smoke test failed";
        }
        if (tools.isEmpty()) {
            return "tools/list returned no tools";
        }
        Set<String> missing = new LinkedHashSet<>(manifest.enabledTools());
        missing.removeAll(tools);
        if (!missing.isEmpty()) {
            return "enabled_tools not offered by the server: " + String.join(", ", missing);
        }
        return "passed";
    }
}
