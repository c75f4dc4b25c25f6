package io.harnessgym.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.registry.ManifestFields.TimeoutKey;
import io.harnessgym.workspace.Json;
import java.util.ArrayList;
import java.util.List;

/** A manifest's {@code self_test}, in each form the Python HarnessGym accepts. */
final class SelfTestField {
    private SelfTestField() {}

    /**
     * The four forms: {@code true}, an argv list, a command string, or an object. Falsy means none.
     */
    static McpManifest.SelfTest read(
            ManifestFields fields, String command, List<String> args, String cwd, int timeout) {
        JsonNode value = fields.json.get("self_test");
        if (ManifestFields.isFalsy(value)) {
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
            return argvOrProblem(fields, fields.words(value, "self_test"), cwd, timeout);
        }
        if (value.isTextual()) {
            return argvOrProblem(fields, fields.split(value.asText(), "self_test"), cwd, timeout);
        }
        if (value.isObject()) {
            return object(fields, (ObjectNode) value, cwd, timeout);
        }
        fields.problem(
                "'self_test' must be true, a command string, an argv list or an object; found "
                        + Json.describe(value)
                        + " "
                        + value.asText());
        return null;
    }

    private static McpManifest.SelfTest object(
            ManifestFields fields, ObjectNode spec, String serverCwd, int timeout) {
        JsonNode commandNode = spec.get("command");
        List<String> argv;
        if (commandNode != null && commandNode.isArray()) {
            argv = fields.words(commandNode, "self_test.command");
        } else if (commandNode != null && commandNode.isTextual()) {
            List<String> extra = fields.words(spec.get("args"), "self_test.args");
            if (extra.isEmpty()) {
                argv = fields.split(commandNode.asText(), "self_test.command");
            } else {
                argv = new ArrayList<>();
                argv.add(commandNode.asText());
                argv.addAll(extra);
            }
        } else {
            fields.problem(
                    "'self_test.command' must be a string or an argv list, found "
                            + Json.describe(commandNode));
            return null;
        }
        String cwd = fields.confinedDir(spec.get("cwd"), "self_test.cwd", serverCwd);
        int ownTimeout =
                fields.timeout(
                        timeout,
                        new TimeoutKey(spec, "timeout_seconds", false),
                        new TimeoutKey(spec, "timeout_sec", false),
                        new TimeoutKey(spec, "timeout_ms", true));
        return argvOrProblem(fields, argv, cwd, ownTimeout);
    }

    /** A null argv was already reported as unsplittable. */
    private static McpManifest.SelfTest argvOrProblem(
            ManifestFields fields, List<String> argv, String cwd, int timeout) {
        if (argv == null) {
            return null;
        }
        if (argv.isEmpty() || argv.get(0).isBlank()) {
            fields.problem("'self_test' names no command");
            return null;
        }
        return new McpManifest.SelfTest(argv, cwd, timeout);
    }
}
