package io.harnessgym.activation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Claude Code's MCP config, {@code .harnessgym/claude_mcp_config.json} ({@code mcpServers}, stdio,
 * every server through the proxy, cwd the workspace, args untouched: the proxy starts the server in
 * its manifest's cwd, so nothing is rewritten against the wrong base), and the arguments that make
 * {@code claude} use exactly it. The file is removed when no server is active.
 */
final class ClaudeConfig {
    static final String FILE = "claude_mcp_config.json";

    private ClaudeConfig() {}

    static Path file(Workspace workspace) {
        return workspace.bundleDir().resolve(FILE);
    }

    static ObjectNode build(
            Workspace workspace,
            StateDir state,
            List<ActiveServer> active,
            ProxyLauncher launcher) {
        ObjectNode root = Json.object();
        ObjectNode servers = root.putObject("mcpServers");
        for (ActiveServer server : active) {
            ObjectNode entry = servers.putObject(server.name());
            entry.put("type", "stdio");
            entry.put("command", launcher.command());
            ArrayNode args = entry.putArray("args");
            server.proxyArgs(workspace, state, launcher).forEach(args::add);
            entry.putObject("env").put("HARNESSGYM_WORKSPACE", workspace.root().toString());
        }
        return root;
    }

    /**
     * Plans the config, or its removal when there is nothing to serve; returns its path or null.
     */
    static Path plan(
            Workspace workspace,
            StateDir state,
            List<ActiveServer> active,
            ProxyLauncher launcher,
            List<Projection> plan) {
        Path file = file(workspace);
        if (active.isEmpty()) {
            plan.add(new Projection.Delete(file));
            return null;
        }
        String json = Json.pretty(build(workspace, state, active, launcher)) + "\n";
        plan.add(new Projection.WriteFile(file, json.getBytes(StandardCharsets.UTF_8), false));
        return file;
    }

    /**
     * {@code --mcp-config F --strict-mcp-config --allowedTools=mcp__a,mcp__b} for {@code claude}.
     */
    static List<String> arguments(Path config, List<ActiveServer> active) {
        if (config == null || active.isEmpty()) {
            return List.of();
        }
        List<String> allowed = new ArrayList<>();
        active.forEach(server -> allowed.add("mcp__" + server.name()));
        return List.of(
                "--mcp-config",
                config.toString(),
                "--strict-mcp-config",
                "--allowedTools=" + String.join(",", allowed));
    }
}
