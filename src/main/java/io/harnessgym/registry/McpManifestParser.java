package io.harnessgym.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.registry.ManifestFields.TimeoutKey;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an MCP manifest ({@code mcp.json}, {@code server.json} or {@code harnessgym-mcp.json}) with
 * every spelling the Python HarnessGym accepts, and reports every problem in one pass.
 *
 * <p>Deliberate differences from the Python tool, each safer: {@code cwd} must be relative and stay
 * inside the workspace (no absolute-path rewriting); timeouts must be above zero; {@code env} is
 * honoured (Python ignored it); {@code enabled_tools} names follow the MCP tool-name rule.
 */
public final class McpManifestParser {
    public static final List<String> FILE_NAMES =
            List.of("mcp.json", "server.json", "harnessgym-mcp.json");
    public static final Set<String> FRAMINGS = Set.of("auto", "ndjson", "content-length");

    private static final Pattern UNSAFE_NAME_CHARS = Pattern.compile("[^A-Za-z0-9_-]+");
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final int DEFAULT_STARTUP_SEC = 10;
    private static final int DEFAULT_TOOL_SEC = 60;
    private static final int DEFAULT_SELF_TEST_SEC = 20;

    private McpManifestParser() {}

    public record Result(McpManifest manifest, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public static boolean isManifestName(String fileName) {
        return FILE_NAMES.contains(fileName);
    }

    /**
     * The server name as agent configs use it: runs outside {@code [A-Za-z0-9_-]} become {@code _}.
     */
    public static String sanitizeName(String raw) {
        String name = UNSAFE_NAME_CHARS.matcher(raw == null ? "" : raw).replaceAll("_");
        return name.isEmpty() ? "harnessgym_mcp" : name;
    }

    public static Result parse(Workspace workspace, Path manifestFile) {
        String shownAs = workspace.relative(manifestFile);
        ObjectNode json;
        try {
            json = Json.readObject(manifestFile, Path.of(shownAs));
        } catch (HarnessGymException e) {
            return new Result(null, List.of(e.getMessage()));
        }
        return new Parse(workspace, manifestFile, shownAs, json).run();
    }

    /** One parse: the manifest's fields read in order, problems collected rather than thrown. */
    private static final class Parse {
        private final Path manifestFile;
        private final String shownAs;
        private final ObjectNode json;
        private final ManifestFields fields;

        Parse(Workspace workspace, Path manifestFile, String shownAs, ObjectNode json) {
            this.manifestFile = manifestFile;
            this.shownAs = shownAs;
            this.json = json;
            this.fields = new ManifestFields(workspace, shownAs, json);
        }

        Result run() {
            String declaredName = fields.optionalText("name");
            String folder = manifestFile.toAbsolutePath().getParent().getFileName().toString();
            String name = sanitizeName(declaredName != null ? declaredName : folder);
            String command = requiredCommand();
            List<String> args = fields.words(json.get("args"), "args");
            String cwd = fields.confinedDir(json.get("cwd"), "cwd", ".");
            Map<String, String> env = env();
            List<String> enabledTools = toolNames();
            String description = fields.optionalText("description");
            checkTransport();
            String framing = framing();
            JsonNode timeouts = fields.timeoutsObject();
            int startup =
                    fields.timeout(
                            DEFAULT_STARTUP_SEC,
                            new TimeoutKey(json, "startup_timeout_sec", false),
                            new TimeoutKey(timeouts, "startup_seconds", false),
                            new TimeoutKey(timeouts, "startup_timeout_sec", false),
                            new TimeoutKey(timeouts, "initialize_ms", true),
                            new TimeoutKey(timeouts, "startup_ms", true));
            int tool =
                    fields.timeout(
                            DEFAULT_TOOL_SEC,
                            new TimeoutKey(json, "tool_timeout_sec", false),
                            new TimeoutKey(timeouts, "tool_seconds", false),
                            new TimeoutKey(timeouts, "tool_timeout_sec", false),
                            new TimeoutKey(timeouts, "tool_call_ms", true),
                            new TimeoutKey(timeouts, "tool_ms", true));
            int selfTestTimeout =
                    fields.timeout(
                            DEFAULT_SELF_TEST_SEC,
                            new TimeoutKey(json, "self_test_timeout_sec", false),
                            new TimeoutKey(json, "test_timeout_sec", false),
                            new TimeoutKey(timeouts, "self_test_seconds", false),
                            new TimeoutKey(timeouts, "self_test_timeout_sec", false),
                            new TimeoutKey(timeouts, "self_test_ms", true),
                            new TimeoutKey(timeouts, "test_ms", true));
            McpManifest.SelfTest selfTest =
                    SelfTestField.read(fields, command, args, cwd, selfTestTimeout);
            boolean network = network();
            List<String> problems = fields.problems();
            if (!problems.isEmpty()) {
                return new Result(null, problems);
            }
            return new Result(
                    new McpManifest(
                            name,
                            declaredName,
                            shownAs,
                            command,
                            args,
                            cwd,
                            env,
                            enabledTools,
                            description,
                            framing,
                            startup,
                            tool,
                            // The timeout that runs: a self_test object may set its own.
                            selfTest == null ? selfTestTimeout : selfTest.timeoutSec(),
                            selfTest,
                            network),
                    List.of());
        }

        /** {@code network}: a boolean, default false (the sandbox then has no network). */
        private boolean network() {
            JsonNode value = json.get("network");
            if (value == null || value.isNull()) {
                return false;
            }
            if (!value.isBoolean()) {
                fields.problem("'network' must be true or false");
                return false;
            }
            return value.asBoolean();
        }

        private String requiredCommand() {
            JsonNode value = json.get("command");
            if (value == null || value.isNull()) {
                fields.problem("'command' is required");
                return null;
            }
            if (value.isValueNode() && value.asText().isBlank()) {
                fields.problem("'command' must not be empty or blank");
                return null;
            }
            if (!value.isValueNode()) {
                fields.problem("'command' must be a string, found " + Json.describe(value));
                return null;
            }
            return value.asText();
        }

        private Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            JsonNode value = json.get("env");
            if (value == null || value.isNull()) {
                return env;
            }
            if (!value.isObject()) {
                fields.problem("'env' must be an object of strings, found " + Json.describe(value));
                return env;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!ENV_NAME.matcher(entry.getKey()).matches()) {
                    fields.problem(
                            "'env' key '" + entry.getKey() + "' is not a valid variable name");
                } else if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                    fields.problem(
                            "'env."
                                    + entry.getKey()
                                    + "' must be a string, found "
                                    + Json.describe(entry.getValue()));
                } else {
                    env.put(entry.getKey(), entry.getValue().asText());
                }
            }
            return env;
        }

        private List<String> toolNames() {
            List<String> names = fields.words(json.get("enabled_tools"), "enabled_tools");
            for (String name : names) {
                if (!TOOL_NAME.matcher(name).matches()) {
                    fields.problem(
                            "enabled_tools name '"
                                    + name
                                    + "' must be 1-128 characters of A-Z a-z 0-9 _ . -");
                }
            }
            return names;
        }

        private void checkTransport() {
            String transport = fields.optionalText("transport");
            if (transport != null && !transport.equals("stdio")) {
                fields.problem(
                        "'transport' is '" + transport + "'; only stdio servers are supported");
            }
        }

        private String framing() {
            String framing = fields.optionalText("framing");
            if (framing == null) {
                return "auto";
            }
            if (!FRAMINGS.contains(framing)) {
                fields.problem(
                        "'framing' must be one of auto, ndjson, content-length; found '"
                                + framing
                                + "'");
                return "auto";
            }
            return framing;
        }
    }
}
