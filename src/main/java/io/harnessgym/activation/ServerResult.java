package io.harnessgym.activation;

import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.McpManifest;
import java.util.List;

/**
 * One server through the quality gate. {@code smokeTools} are the names {@code tools/list} gave;
 * {@code failedChecks} names the checks that failed ({@code smoke}, {@code self_test}, {@code
 * tool_inventory}, {@code qualification}); the server is active only when it is empty.
 */
public record ServerResult(
        ArtifactReport artifact,
        McpManifest manifest,
        String smokeStatus,
        String smokeMessage,
        String framing,
        String protocolVersion,
        List<String> smokeTools,
        SelfTestResult selfTest,
        String inventoryMessage,
        List<String> failedChecks,
        double seconds) {
    public ServerResult {
        smokeTools = List.copyOf(smokeTools);
        failedChecks = List.copyOf(failedChecks);
    }

    public boolean active() {
        return failedChecks.isEmpty();
    }

    public String name() {
        return manifest.name();
    }
}
