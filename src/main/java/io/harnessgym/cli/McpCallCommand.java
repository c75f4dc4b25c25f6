package io.harnessgym.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.mcp.McpServers;
import io.harnessgym.mcp.ServerLaunch;
import io.harnessgym.mcp.client.McpClient;
import io.harnessgym.mcp.client.McpException;
import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.McpManifest;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code harnessgym mcp call}: one tool call through the telemetry proxy (a real proxy process), so
 * that it is logged like an agent's. Replaces the Python tool's {@code mcp_call.py}.
 */
@Command(
        name = "call",
        mixinStandardHelpOptions = true,
        description = {
            "Call one tool of a bundle server through the telemetry proxy (the call is logged).",
            "Prints the tool's payload (its first text content, parsed as JSON when it is JSON).",
            "Exit 1 when the call fails or the tool reports isError."
        })
final class McpCallCommand extends McpSubcommand {
    @Option(
            names = "--server",
            required = true,
            paramLabel = "NAME",
            description = "The server name.")
    String server;

    @Option(names = "--tool", paramLabel = "T", description = "The tool to call.")
    String tool;

    @Option(
            names = "--arguments",
            paramLabel = "JSON",
            defaultValue = "{}",
            description = "Arguments as a JSON object.")
    String arguments;

    @Option(
            names = "--arguments-file",
            paramLabel = "FILE",
            description = "Read the arguments object from a file.")
    Path argumentsFile;

    @Option(names = "--list-tools", description = "List the server's tools instead of calling one.")
    boolean listTools;

    @Option(names = "--raw", description = "Print the whole MCP result, not just its payload.")
    boolean raw;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "Override the server's tool timeout.")
    Integer timeout;

    @Override
    public Integer call() {
        if (!listTools && tool == null) {
            throw new HarnessGymException(ExitCode.USAGE, "give --tool T (or --list-tools)");
        }
        Workspace workspace = workspace();
        JsonNode args = parseArguments(workspace);
        ArtifactReport report = McpServers.usable(workspace, server);
        McpManifest manifest = report.manifest();
        Duration toolTimeout =
                Duration.ofSeconds(timeout != null ? timeout : manifest.toolTimeoutSec());
        try (McpClient client =
                McpClient.start(
                        throughProxy(workspace, report.definition(), manifest, toolTimeout))) {
            client.initialize(Duration.ofSeconds(manifest.startupTimeoutSec() + 10));
            if (listTools) {
                List<JsonNode> tools = client.listTools(toolTimeout);
                out().println(Json.pretty(Json.MAPPER.valueToTree(tools)));
                return ExitCode.OK.code();
            }
            JsonNode result = client.callTool(tool, args, toolTimeout.plusSeconds(5));
            out().println(Json.pretty(raw ? result : payload(result)));
            return result.path("isError").asBoolean(false)
                    ? ExitCode.NEGATIVE.code()
                    : ExitCode.OK.code();
        } catch (McpException e) {
            err().println("harnessgym: error: " + e.getMessage());
            return ExitCode.NEGATIVE.code();
        }
    }

    private JsonNode parseArguments(Workspace workspace) {
        String text = arguments;
        String source = "--arguments";
        if (argumentsFile != null) {
            text = io.harnessgym.workspace.Json.readUtf8(argumentsFile, argumentsFile);
            source = argumentsFile.toString();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                throw new HarnessGymException(ExitCode.USAGE, source + " must be a JSON object");
            }
            return node;
        } catch (java.io.IOException e) {
            throw new HarnessGymException(
                    ExitCode.USAGE,
                    source
                            + " is not valid JSON: "
                            + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The proxy for this server, started the way agent configs start it. */
    private static ServerLaunch throughProxy(
            Workspace workspace, String manifestPath, McpManifest manifest, Duration toolTimeout) {
        ProxyLauncher launcher = ProxyLauncher.current();
        List<String> argv = new ArrayList<>();
        argv.add(launcher.command());
        argv.addAll(launcher.args(workspace, manifestPath, manifest, manifest.framing()));
        argv.addAll(List.of("--response-timeout", String.valueOf(toolTimeout.toSeconds())));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HARNESSGYM_WORKSPACE", workspace.root().toString());
        return new ServerLaunch(
                manifest.name() + " (proxy)", argv, workspace.root(), env, Framing.NDJSON);
    }

    /**
     * The Python helper's payload rule: the first text content parsed as JSON, else text and
     * isError.
     */
    static JsonNode payload(JsonNode result) {
        JsonNode text = result.path("content").path(0).path("text");
        if (!text.isTextual()) {
            return result;
        }
        try {
            JsonNode parsed = Json.MAPPER.readTree(text.asText());
            if (parsed != null && !parsed.isMissingNode()) {
                return parsed;
            }
        } catch (java.io.IOException e) {
            // Not JSON: fall through to the text form.
        }
        ObjectNode wrapped = Json.object();
        wrapped.put("text", text.asText());
        wrapped.put("isError", result.path("isError").asBoolean(false));
        return wrapped;
    }
}
