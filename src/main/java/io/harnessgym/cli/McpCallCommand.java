package io.harnessgym.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
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
import io.harnessgym.process.ChildEnvironment;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.McpManifest;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
    /** The {@code --json} report of a call: its status and payload, or why it failed. */
    @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Called(
            String server,
            String tool,
            io.harnessgym.mcp.telemetry.CallStatus status,
            Boolean isError,
            String message,
            JsonNode payload,
            JsonNode result) {}

    /** The {@code --json} report of {@code --list-tools}. */
    record Listed(String server, List<JsonNode> tools) {}

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
        if (timeout != null && timeout <= 0) {
            throw new HarnessGymException(
                    ExitCode.USAGE,
                    "--timeout must be a positive number of seconds, got " + timeout);
        }
        String gateway = env().get(io.harnessgym.runner.ToolGateway.ENV);
        if (gateway != null && !gateway.isBlank()) {
            return throughGateway(Path.of(gateway), parseArguments());
        }
        Workspace workspace = workspace();
        JsonNode args = parseArguments();
        ArtifactReport report = McpServers.usable(workspace, state(), server);
        McpManifest manifest = report.manifest();
        Duration toolTimeout =
                Duration.ofSeconds(timeout != null ? timeout : manifest.toolTimeoutSec());
        McpClient client =
                McpClient.start(
                        throughProxy(workspace, report.definition(), manifest, toolTimeout));
        JsonNode result;
        List<JsonNode> tools = null;
        try {
            client.initialize(Duration.ofSeconds(manifest.startupTimeoutSec() + 10));
            if (listTools) {
                tools = client.listTools(toolTimeout);
                result = null;
            } else {
                result = client.callTool(tool, args, toolTimeout.plusSeconds(5));
            }
        } catch (McpException e) {
            client.close();
            // The proxy's own one-line error (a command not found, a refused server) is the
            // reason, with its exit status; otherwise the call failed (exit 1).
            String proxyError = proxyError(client.stderrText());
            if (proxyError != null) {
                throw HarnessGymException.badInput(proxyError);
            }
            if (json()) {
                return report(
                        Json.MAPPER.valueToTree(
                                new Called(
                                        manifest.name(),
                                        tool,
                                        io.harnessgym.mcp.telemetry.CallStatus.ERROR,
                                        null,
                                        e.getMessage(),
                                        null,
                                        null)),
                        "",
                        ExitCode.NEGATIVE);
            }
            err().println("harnessgym: error: " + Terminal.line(e.getMessage()));
            return ExitCode.NEGATIVE.code();
        }
        client.close();
        // The proxy exits non-zero with a line on stderr when the call could not be logged.
        String proxyError = proxyError(client.stderrText());
        if (proxyError != null) {
            throw HarnessGymException.badInput(proxyError);
        }
        if (listTools) {
            JsonNode listed = Json.MAPPER.valueToTree(new Listed(manifest.name(), tools));
            out().println(Json.pretty(json() ? listed : Json.MAPPER.valueToTree(tools)));
            return ExitCode.OK.code();
        }
        boolean isError = result.path("isError").asBoolean(false);
        ExitCode code = isError ? ExitCode.NEGATIVE : ExitCode.OK;
        if (json()) {
            Called called =
                    new Called(
                            manifest.name(),
                            tool,
                            isError
                                    ? io.harnessgym.mcp.telemetry.CallStatus.TOOL_ERROR
                                    : io.harnessgym.mcp.telemetry.CallStatus.COMPLETED,
                            isError,
                            null,
                            payload(result),
                            result);
            return report(Json.MAPPER.valueToTree(called), "", code);
        }
        out().println(Json.pretty(raw ? result : payload(result)));
        return code.code();
    }

    /** The last {@code harnessgym: error:} line the proxy wrote, without its prefix, or null. */
    static String proxyError(String stderr) {
        String found = null;
        for (String line : stderr.split("\n")) {
            int at = line.indexOf("harnessgym: error: ");
            if (at >= 0) {
                found = line.substring(at + "harnessgym: error: ".length()).strip();
            }
        }
        return found;
    }

    /**
     * Inside a runner's sandbox ({@code HARNESSGYM_TOOL_SOCKET}): the same call, made by harnessgym
     * outside it, so the proxy can log it; its output and exit status are this command's.
     */
    private Integer throughGateway(Path socket, JsonNode args) {
        List<String> forwarded = new java.util.ArrayList<>(List.of("--server", server));
        if (tool != null) {
            forwarded.addAll(List.of("--tool", tool));
        }
        forwarded.addAll(List.of("--arguments", Json.compact(args)));
        if (listTools) {
            forwarded.add("--list-tools");
        }
        if (raw) {
            forwarded.add("--raw");
        }
        if (json()) {
            forwarded.add("--json");
        }
        if (timeout != null) {
            forwarded.addAll(List.of("--timeout", timeout.toString()));
        }
        JsonNode reply;
        try {
            reply = io.harnessgym.runner.ToolGateway.call(socket, forwarded);
        } catch (java.io.IOException e) {
            throw HarnessGymException.badInput(
                    "the tool gateway " + socket + " cannot be reached: " + e.getMessage());
        }
        out().print(reply.path("stdout").asText(""));
        out().flush();
        err().print(reply.path("stderr").asText(""));
        err().flush();
        return reply.path("exit").asInt(ExitCode.INTERNAL.code());
    }

    private JsonNode parseArguments() {
        String text = arguments;
        String source = "--arguments";
        if (argumentsFile != null) {
            text = Json.readUtf8(argumentsFile, argumentsFile);
            source = argumentsFile.toString();
        }
        JsonNode node;
        try {
            // Trailing text after the object is an error, not silently dropped.
            node =
                    Json.MAPPER
                            .readerFor(JsonNode.class)
                            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                            .readValue(text);
        } catch (java.io.IOException e) {
            throw new HarnessGymException(
                    ExitCode.USAGE,
                    source
                            + " is not valid JSON: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) {
            throw new HarnessGymException(ExitCode.USAGE, source + " must be a JSON object");
        }
        return node;
    }

    /** The proxy for this server, started the way agent configs start it. */
    private ServerLaunch throughProxy(
            Workspace workspace, String manifestPath, McpManifest manifest, Duration toolTimeout) {
        ProxyLauncher launcher = ProxyLauncher.current();
        List<String> argv = new ArrayList<>();
        argv.add(launcher.command());
        argv.addAll(
                launcher.args(
                        workspace, state(), manifestPath, manifest, manifest.framing(), null));
        argv.addAll(List.of("--response-timeout", String.valueOf(toolTimeout.toSeconds())));
        Map<String, String> env =
                ChildEnvironment.of(
                        env(), Map.of("HARNESSGYM_WORKSPACE", workspace.root().toString()));
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
