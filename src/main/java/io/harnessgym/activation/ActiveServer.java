package io.harnessgym.activation;

import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.McpManifest;
import io.harnessgym.registry.QualificationRecord;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.util.List;

/**
 * A server activation projects: qualified at its current digest, with what qualification saw of it
 * (framing, tools), so activation never runs agent-written code itself.
 */
public record ActiveServer(
        ArtifactReport artifact, McpManifest manifest, QualificationRecord record) {
    public String name() {
        return manifest.name();
    }

    /** The framing qualification saw, or null. */
    public String framing() {
        return record.server() == null ? null : record.server().framing();
    }

    /** The tools the agent may use: the manifest's enabled_tools, else all the server offered. */
    public List<String> tools() {
        if (!manifest.enabledTools().isEmpty()) {
            return manifest.enabledTools();
        }
        return record.server() == null ? List.of() : record.server().tools();
    }

    /**
     * The proxy's arguments for this server in an agent config: the framing qualification saw, and
     * the digest it passed at, so the proxy refuses the server once its files change.
     */
    public List<String> proxyArgs(Workspace workspace, StateDir state, ProxyLauncher launcher) {
        return launcher.args(
                workspace, state, artifact.definition(), manifest, framing(), artifact.digest());
    }
}
