package io.harnessgym.activation;

import io.harnessgym.mcp.SmokeCheck;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.McpManifest;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One server through the quality gate: the smoke check, the self-test, the tool inventory, and the
 * checks that failed with why; the server is activated only when none failed.
 */
public record ServerResult(
        ArtifactReport artifact,
        McpManifest manifest,
        SmokeCheck.Result smoke,
        SelfTestResult selfTest,
        String inventoryMessage,
        Map<Check, String> failures,
        double seconds) {

    /** The gate's checks. */
    public enum Check {
        SMOKE,
        SELF_TEST,
        TOOL_INVENTORY,
        QUALIFICATION;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ServerResult {
        failures = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(failures));
    }

    public boolean active() {
        return failures.isEmpty();
    }

    public String name() {
        return manifest.name();
    }

    public List<String> failedChecks() {
        return failures.keySet().stream().map(Check::id).toList();
    }

    /** "failed checks: smoke (why), self_test (why)", or "passed". */
    public String gateMessage() {
        if (active()) {
            return "passed";
        }
        StringBuilder text = new StringBuilder("failed checks: ");
        String separator = "";
        for (Map.Entry<Check, String> failure : failures.entrySet()) {
            text.append(separator).append(failure.getKey().id());
            if (failure.getValue() != null && !failure.getValue().isBlank()) {
                text.append(" (").append(failure.getValue()).append(')');
            }
            separator = ", ";
        }
        return text.toString();
    }

    /**
     * The proxy's arguments for this server in an agent config: the framing the gate saw, and the
     * digest it passed at, so the proxy refuses the server once its files change.
     */
    List<String> proxyArgs(
            io.harnessgym.workspace.Workspace workspace,
            io.harnessgym.workspace.StateDir state,
            io.harnessgym.mcp.proxy.ProxyLauncher launcher) {
        return launcher.args(
                workspace, state, artifact.definition(), manifest, framing(), artifact.digest());
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
