package io.harnessgym.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.text.Durations;
import io.harnessgym.text.ShellWords;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** A key whose value is a number of seconds, or of milliseconds. */
    private record TimeoutKey(JsonNode source, String key, boolean millis) {}

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
        private final Workspace workspace;
        private final Path manifestFile;
        private final String shownAs;
        private final ObjectNode json;
        private final List<String> problems = new ArrayList<>();

        Parse(Workspace workspace, Path manifestFile, String shownAs, ObjectNode json) {
            this.workspace = workspace;
            this.manifestFile = manifestFile;
            this.shownAs = shownAs;
            this.json = json;
        }

        Result run() {
            String declaredName = optionalText("name");
            String folder = manifestFile.toAbsolutePath().getParent().getFileName().toString();
            String name = sanitizeName(declaredName != null ? declaredName : folder);
            String command = requiredCommand();
            List<String> args = words(json.get("args"), "args");
            String cwd = confinedDir(json.get("cwd"), "cwd", ".");
            Map<String, String> env = env();
            List<String> enabledTools = toolNames();
            String description = optionalText("description");
            checkTransport();
            String framing = framing();
            JsonNode timeouts = timeoutsObject();
            int startup =
                    timeout(
                            DEFAULT_STARTUP_SEC,
                            new TimeoutKey(json, "startup_timeout_sec", false),
                            new TimeoutKey(timeouts, "startup_seconds", false),
                            new TimeoutKey(timeouts, "startup_timeout_sec", false),
                            new TimeoutKey(timeouts, "initialize_ms", true),
                            new TimeoutKey(timeouts, "startup_ms", true));
            int tool =
                    timeout(
                            DEFAULT_TOOL_SEC,
                            new TimeoutKey(json, "tool_timeout_sec", false),
                            new TimeoutKey(timeouts, "tool_seconds", false),
                            new TimeoutKey(timeouts, "tool_timeout_sec", false),
                            new TimeoutKey(timeouts, "tool_call_ms", true),
                            new TimeoutKey(timeouts, "tool_ms", true));
            int selfTestTimeout =
                    timeout(
                            DEFAULT_SELF_TEST_SEC,
                            new TimeoutKey(json, "self_test_timeout_sec", false),
                            new TimeoutKey(json, "test_timeout_sec", false),
                            new TimeoutKey(timeouts, "self_test_seconds", false),
                            new TimeoutKey(timeouts, "self_test_timeout_sec", false),
                            new TimeoutKey(timeouts, "self_test_ms", true),
                            new TimeoutKey(timeouts, "test_ms", true));
            McpManifest.SelfTest selfTest = selfTest(command, args, cwd, selfTestTimeout);
            boolean network = network();
            if (!problems.isEmpty()) {
                return new Result(null, List.copyOf(problems));
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

        private void problem(String message) {
            problems.add(shownAs + ": " + message);
        }

        /** {@code network}: a boolean, default false (the sandbox then has no network). */
        private boolean network() {
            JsonNode value = json.get("network");
            if (value == null || value.isNull()) {
                return false;
            }
            if (!value.isBoolean()) {
                problems.add("'network' must be true or false");
                return false;
            }
            return value.asBoolean();
        }

        private String optionalText(String key) {
            JsonNode value = json.get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                problem("'" + key + "' must be a string, found " + Json.describe(value));
                return null;
            }
            return value.asText();
        }

        private String requiredCommand() {
            JsonNode value = json.get("command");
            if (value == null || value.isNull()) {
                problem("'command' is required");
                return null;
            }
            if (value.isValueNode() && value.asText().isBlank()) {
                problem("'command' must not be empty or blank");
                return null;
            }
            if (!value.isValueNode()) {
                problem("'command' must be a string, found " + Json.describe(value));
                return null;
            }
            return value.asText();
        }

        /** A list of scalars as strings (numbers allowed, as the Python tool converted them). */
        private List<String> words(JsonNode value, String key) {
            List<String> words = new ArrayList<>();
            if (value == null || value.isNull()) {
                return words;
            }
            if (!value.isArray()) {
                problem("'" + key + "' must be a list of strings, found " + Json.describe(value));
                return words;
            }
            for (JsonNode item : value) {
                if (!item.isValueNode() || item.isNull()) {
                    problem("'" + key + "' items must be strings, found " + Json.describe(item));
                } else {
                    words.add(item.asText());
                }
            }
            return words;
        }

        /** A workspace-relative directory that must stay inside the workspace, normalised. */
        private String confinedDir(JsonNode value, String key, String fallback) {
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isTextual()) {
                problem("'" + key + "' must be a string, found " + Json.describe(value));
                return fallback;
            }
            try {
                return workspace.relative(
                        workspace.resolveConfined(value.asText(), "'" + key + "'"));
            } catch (HarnessGymException e) {
                problem(e.getMessage());
                return fallback;
            }
        }

        private Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            JsonNode value = json.get("env");
            if (value == null || value.isNull()) {
                return env;
            }
            if (!value.isObject()) {
                problem("'env' must be an object of strings, found " + Json.describe(value));
                return env;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!ENV_NAME.matcher(entry.getKey()).matches()) {
                    problem("'env' key '" + entry.getKey() + "' is not a valid variable name");
                } else if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                    problem(
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
            List<String> names = words(json.get("enabled_tools"), "enabled_tools");
            for (String name : names) {
                if (!TOOL_NAME.matcher(name).matches()) {
                    problem(
                            "enabled_tools name '"
                                    + name
                                    + "' must be 1-128 characters of A-Z a-z 0-9 _ . -");
                }
            }
            return names;
        }

        private void checkTransport() {
            String transport = optionalText("transport");
            if (transport != null && !transport.equals("stdio")) {
                problem("'transport' is '" + transport + "'; only stdio servers are supported");
            }
        }

        private String framing() {
            String framing = optionalText("framing");
            if (framing == null) {
                return "auto";
            }
            if (!FRAMINGS.contains(framing)) {
                problem(
                        "'framing' must be one of auto, ndjson, content-length; found '"
                                + framing
                                + "'");
                return "auto";
            }
            return framing;
        }

        private JsonNode timeoutsObject() {
            JsonNode timeouts = json.get("timeouts");
            if (timeouts != null && !timeouts.isNull() && !timeouts.isObject()) {
                problem("'timeouts' must be an object, found " + Json.describe(timeouts));
                return null;
            }
            return timeouts;
        }

        /**
         * The first key present wins, in the Python tool's order; milliseconds round down to whole
         * seconds, at least 1.
         */
        private int timeout(int fallback, TimeoutKey... keys) {
            for (TimeoutKey key : keys) {
                JsonNode value = key.source() == null ? null : key.source().get(key.key());
                if (value == null || value.isNull()) {
                    continue;
                }
                String where = (key.source() == json ? "" : "timeouts.") + key.key();
                try {
                    long seconds =
                            key.millis() ? Math.max(1, millis(value) / 1000) : seconds(value);
                    if (seconds > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("is too large");
                    }
                    return (int) seconds;
                } catch (IllegalArgumentException e) {
                    problem("'" + where + "' " + e.getMessage());
                    return fallback;
                }
            }
            return fallback;
        }

        private long seconds(JsonNode value) {
            if (value.isNumber()) {
                long seconds =
                        value.isIntegralNumber() ? value.longValue() : (long) value.doubleValue();
                if (seconds <= 0) {
                    throw new IllegalArgumentException(
                            "must be at least 1 second, found " + value.asText());
                }
                return seconds;
            }
            if (value.isTextual()) {
                return Durations.parseSeconds(value.asText());
            }
            throw new IllegalArgumentException(
                    "must be a number of seconds, found " + Json.describe(value));
        }

        private long millis(JsonNode value) {
            long ms;
            if (value.isNumber()) {
                ms = value.isIntegralNumber() ? value.longValue() : (long) value.doubleValue();
            } else if (value.isTextual() && value.asText().strip().matches("[0-9]+")) {
                ms = Long.parseLong(value.asText().strip());
            } else {
                throw new IllegalArgumentException(
                        "must be a number of milliseconds, found " + Json.describe(value));
            }
            if (ms <= 0) {
                throw new IllegalArgumentException("must be above 0, found " + value.asText());
            }
            return ms;
        }

        /**
         * The four forms: {@code true}, an argv list, a command string, or an object. Falsy means
         * none.
         */
        private McpManifest.SelfTest selfTest(
                String command, List<String> args, String cwd, int timeout) {
            JsonNode value = json.get("self_test");
            if (isFalsy(value)) {
                return null;
            }
            if (value.isBoolean()) {
                if (command == null) {
                    return null;
                }
                List<String> argv = new ArrayList<>();
                argv.add(command);
                argv.addAll(args);
                argv.add("--self-test");
                return new McpManifest.SelfTest(argv, cwd, timeout);
            }
            if (value.isArray()) {
                return argvOrProblem(words(value, "self_test"), cwd, timeout);
            }
            if (value.isTextual()) {
                return argvOrProblem(split(value.asText(), "self_test"), cwd, timeout);
            }
            if (value.isObject()) {
                return selfTestObject((ObjectNode) value, cwd, timeout);
            }
            problem(
                    "'self_test' must be true, a command string, an argv list or an object; found "
                            + Json.describe(value)
                            + " "
                            + value.asText());
            return null;
        }

        private McpManifest.SelfTest selfTestObject(
                ObjectNode spec, String serverCwd, int timeout) {
            JsonNode commandNode = spec.get("command");
            List<String> argv;
            if (commandNode != null && commandNode.isArray()) {
                argv = words(commandNode, "self_test.command");
            } else if (commandNode != null && commandNode.isTextual()) {
                List<String> extra = words(spec.get("args"), "self_test.args");
                if (extra.isEmpty()) {
                    argv = split(commandNode.asText(), "self_test.command");
                } else {
                    argv = new ArrayList<>();
                    argv.add(commandNode.asText());
                    argv.addAll(extra);
                }
            } else {
                problem(
                        "'self_test.command' must be a string or an argv list, found "
                                + Json.describe(commandNode));
                return null;
            }
            String cwd = confinedDir(spec.get("cwd"), "self_test.cwd", serverCwd);
            int ownTimeout =
                    timeout(
                            timeout,
                            new TimeoutKey(spec, "timeout_seconds", false),
                            new TimeoutKey(spec, "timeout_sec", false),
                            new TimeoutKey(spec, "timeout_ms", true));
            return argvOrProblem(argv, cwd, ownTimeout);
        }

        private List<String> split(String line, String key) {
            try {
                return ShellWords.split(line);
            } catch (IllegalArgumentException e) {
                problem("'" + key + "': " + e.getMessage());
                return null;
            }
        }

        /** A null argv was already reported as unsplittable. */
        private McpManifest.SelfTest argvOrProblem(List<String> argv, String cwd, int timeout) {
            if (argv == null) {
                return null;
            }
            if (argv.isEmpty() || argv.get(0).isBlank()) {
                problem("'self_test' names no command");
                return null;
            }
            return new McpManifest.SelfTest(argv, cwd, timeout);
        }

        /**
         * Python truthiness, as the reference tool used it: absent, null, false, 0, "", [] and {}
         * mean "none".
         */
        private static boolean isFalsy(JsonNode value) {
            if (value == null || value.isNull()) {
                return true;
            }
            if (value.isBoolean()) {
                return !value.booleanValue();
            }
            if (value.isNumber()) {
                return value.doubleValue() == 0.0;
            }
            if (value.isTextual()) {
                return value.asText().isEmpty();
            }
            return value.isContainerNode() && value.isEmpty();
        }
    }
}
