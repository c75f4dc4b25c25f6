package io.harnessgym.runner.claude;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.activation.ActiveServer;
import io.harnessgym.mcp.proxy.Admission;
import io.harnessgym.mcp.telemetry.CallLog;
import io.harnessgym.mcp.telemetry.CallLogCollector;
import io.harnessgym.mcp.telemetry.Scope;
import io.harnessgym.runner.AgentDirs;
import io.harnessgym.runner.AgentProcess;
import io.harnessgym.runner.AgentUser;
import io.harnessgym.runner.PhaseRequest;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.workspace.ConfinedPaths;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one Claude Code phase is given besides its argv: its environment (the agent user's home and
 * config folder when it has one, no traffic but the model's, waiting for the proxies), the MCP
 * config of the activation's servers (with the collector's socket for an agent user), and the
 * collector that logs those proxies' calls.
 */
final class ClaudeSession {
    private final RunnerContext context;

    ClaudeSession(RunnerContext context) {
        this.context = context;
    }

    CallLogCollector collector(PhaseRequest request, Path socket, AgentUser user)
            throws IOException {
        Scope scope =
                new Scope(
                        request.scope().runId(),
                        request.scope().iteration(),
                        request.phase().id(),
                        request.scope().trial());
        return new CallLogCollector(
                socket,
                CallLog.of(context.state()),
                user.name(),
                scope,
                hello -> {
                    if (hello.manifest() == null) {
                        return Optional.of("the proxy named no manifest");
                    }
                    try {
                        ConfinedPaths.requireInside(
                                context.workspace().root(),
                                hello.manifest(),
                                "manifest " + hello.manifest());
                    } catch (io.harnessgym.error.HarnessGymException e) {
                        return Optional.of(e.getMessage());
                    }
                    return Admission.refusal(
                            context.workspace(),
                            context.state(),
                            hello.manifest(),
                            hello.expectDigest());
                });
    }

    byte[] mcpConfig(List<ActiveServer> servers, Path socket) {
        ObjectNode root = Json.object();
        ObjectNode entries = root.putObject("mcpServers");
        for (ActiveServer server : servers) {
            ObjectNode entry = entries.putObject(server.name());
            entry.put("type", "stdio");
            entry.put("command", context.launcher().command());
            ArrayNode args = entry.putArray("args");
            server.proxyArgs(context.workspace(), context.state(), context.launcher())
                    .forEach(args::add);
            if (socket != null) {
                args.add("--log-socket");
                args.add(socket.toString());
            }
            entry.putObject("env")
                    .put("HARNESSGYM_WORKSPACE", context.workspace().root().toString());
        }
        return (Json.pretty(root) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    Map<String, String> environment(PhaseRequest request, AgentUser user) throws IOException {
        Map<String, String> env = AgentProcess.environment(context, request);
        if (user != null) {
            Path home = AgentDirs.home(AgentDirs.root(context.state(), context.env()), user);
            env.put("HOME", home.toString());
            env.put("CLAUDE_CONFIG_DIR", home.resolve(".claude").toString());
            env.put("USER", user.name());
            env.put("LOGNAME", user.name());
            env.remove("TMPDIR");
        } else if (!env.containsKey("CLAUDE_CONFIG_DIR")) {
            env.put(
                    "CLAUDE_CONFIG_DIR",
                    Path.of(env.getOrDefault("HOME", "/"), ".claude").toString());
        }
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("DISABLE_ERROR_REPORTING", "1");
        env.put("DISABLE_TELEMETRY", "1");
        // Wait for the proxies before the first model request (docs/activation.md).
        env.putIfAbsent("MCP_CONNECTION_NONBLOCKING", "0");
        env.putIfAbsent("MCP_CONNECT_TIMEOUT_MS", "60000");
        return env;
    }
}
