package io.harnessgym.qualify;

import io.harnessgym.mcp.SmokeCheck;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.McpManifest;
import java.util.List;
import java.util.Map;

/**
 * One server through the quality gate: the smoke check, the self-test, the tool inventory, and the
 * checks that failed with why; the server passes only when none failed.
 */
public record ServerResult(
        ArtifactReport artifact,
        McpManifest manifest,
        SmokeCheck.Result smoke,
        SelfTestResult selfTest,
        String inventoryMessage,
        Map<Check, String> failures,
        double seconds) {

    public ServerResult {
        failures = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(failures));
    }

    public boolean active() {
        return failures.isEmpty();
    }

    public String name() {
        return manifest.name();
    }

    /** The framing the smoke check saw, or null. */
    public String framing() {
        return smoke.framing() == null ? null : smoke.framing().id();
    }

    /** The tools the agent may use: the manifest's enabled_tools, else all the server offers. */
    public List<String> tools() {
        return manifest.enabledTools().isEmpty() ? smoke.toolNames() : manifest.enabledTools();
    }
}
