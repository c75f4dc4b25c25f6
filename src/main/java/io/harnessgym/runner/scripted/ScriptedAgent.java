package io.harnessgym.runner.scripted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.process.ProcessResult;
import io.harnessgym.process.ProcessRunner;
import io.harnessgym.process.ProcessSpec;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scripted agent itself: a process the scripted runner starts behind the harness contract,
 * confined like any harness (so what its script tries is what a real agent could try). It runs the
 * script's actions for its phase (the iteration's own list, else the phase's) in the workspace and
 * prints its final JSON: its text, session id, the result fields it claims, and each action with
 * its outcome. An action with {@code "when": "last_ok"} (or {@code "last_failed"}) runs only if the
 * action before it succeeded (or failed), so one script can behave differently with and without a
 * harness. Deterministic, offline; actions: {@code write}, {@code patch}, {@code delete}, {@code
 * run}, {@code result}, {@code mcp_server}, {@code skill}, {@code call_tool}, {@code attack},
 * {@code sleep}, {@code flood}, {@code exit}.
 */
public final class ScriptedAgent {
    public static final String FLAG = "__scripted-agent";
    static final String DEFAULT_SCRIPT = "/io/harnessgym/runner/scripted/default-script.json";

    private final Map<String, String> env;
    private final Path ws;
    private final ObjectNode result = Json.object();
    private final ArrayNode actions = Json.MAPPER.createArrayNode();
    private final ArrayNode steps = Json.MAPPER.createArrayNode();
    private final PrintStream out;

    private ScriptedAgent(Map<String, String> env, PrintStream out) {
        this.env = env;
        this.out = out;
        this.ws = Path.of(env.getOrDefault("HARNESSGYM_WORKSPACE", ".")).toAbsolutePath();
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        try {
            JsonNode script = script(args);
            return new ScriptedAgent(env, out).perform(script);
        } catch (IOException | RuntimeException e) {
            err.println("scripted agent: error: " + e.getMessage());
            return 3;
        }
    }

    private static JsonNode script(String[] args) throws IOException {
        if (args.length >= 2 && args[0].equals("--script")) {
            return Json.readObject(Path.of(args[1]), Path.of(args[1]));
        }
        try (InputStream in = ScriptedAgent.class.getResourceAsStream(DEFAULT_SCRIPT)) {
            return Json.MAPPER.readTree(in);
        }
    }

    private int perform(JsonNode script) {
        String phase = env.getOrDefault("HARNESSGYM_PHASE", "attempt");
        String iteration = env.getOrDefault("HARNESSGYM_ITERATION", "");
        JsonNode list = script.at("/iterations/" + iteration + "/" + phase);
        if (!list.isArray()) {
            list = script.at("/phases/" + phase);
        }
        int exit = 0;
        boolean lastOk = true;
        for (JsonNode action : list) {
            ObjectNode outcome = actions.addObject();
            outcome.put("do", action.path("do").asText());
            String when = action.path("when").asText("always");
            if ((when.equals("last_ok") && !lastOk) || (when.equals("last_failed") && lastOk)) {
                outcome.put("ok", true);
                outcome.put("detail", "skipped (when " + when + ")");
                continue;
            }
            try {
                Integer code = act(action, outcome);
                if (code != null) {
                    exit = code;
                    break;
                }
            } catch (IOException | RuntimeException e) {
                outcome.put("ok", false);
                outcome.put("detail", e.toString());
            }
            lastOk = outcome.path("ok").asBoolean(false);
        }
        String session = env.getOrDefault("HARNESSGYM_SESSION_ID", "");
        if (session.isBlank()) {
            session =
                    "scripted-"
                            + env.getOrDefault("HARNESSGYM_RUN_ID", "run")
                            + "-"
                            + (iteration.isEmpty() ? "0" : iteration);
        }
        writeClaims();
        if (!result.isEmpty()) {
            // The agent's account, where harnessgym takes it after the phase (a claim, never a
            // verdict).
            try {
                Files.writeString(ws.resolve("harnessgym-result.json"), Json.pretty(result) + "\n");
            } catch (IOException e) {
                // kept in the final JSON all the same
            }
        }
        ObjectNode answer = Json.object();
        answer.put("text", "scripted " + phase + ": " + actions.size() + " action(s)");
        answer.put("session_id", session);
        answer.set("result", result);
        answer.set("actions", actions);
        out.println(Json.compact(answer));
        out.flush();
        return exit;
    }

    /** Runs one action; returns an exit status to stop with, or null to go on. */
    private Integer act(JsonNode action, ObjectNode outcome) throws IOException {
        switch (action.path("do").asText()) {
            case "write" -> {
                Path file = path(action.path("path").asText());
                Files.createDirectories(file.getParent());
                Files.writeString(file, action.path("content").asText(""), StandardCharsets.UTF_8);
                done(outcome, "wrote " + file);
            }
            case "patch" -> {
                Path file = path(action.path("path").asText());
                String text = Files.readString(file);
                String find = action.path("find").asText();
                if (!text.contains(find)) {
                    outcome.put("ok", false);
                    outcome.put("detail", "text to replace not found in " + file);
                } else {
                    Files.writeString(file, text.replace(find, action.path("replace").asText("")));
                    done(outcome, "patched " + file);
                }
            }
            case "delete" -> {
                Files.deleteIfExists(path(action.path("path").asText()));
                done(outcome, "deleted");
            }
            case "run" -> {
                List<String> argv = new ArrayList<>();
                action.path("argv").forEach(a -> argv.add(a.asText()));
                ProcessResult r = command(argv, action.path("timeout_sec").asInt(60));
                outcome.put("ok", r.succeeded());
                outcome.put("exit", r.exitCode() == null ? -1 : r.exitCode());
                outcome.put("detail", tail(r.stdout() + r.stderr()));
                step("run " + String.join(" ", argv), tail(r.stdout() + r.stderr()));
            }
            case "result" -> {
                action.path("fields")
                        .fields()
                        .forEachRemaining(f -> result.set(f.getKey(), f.getValue()));
                done(outcome, "result fields set");
            }
            case "mcp_server" -> mcpServer(action, outcome);
            case "skill" -> {
                String name = action.path("name").asText();
                ObjectNode front = Json.object();
                front.put("name", name);
                front.put("description", action.path("description").asText());
                Path file = ws.resolve(".harnessgym/skills").resolve(name).resolve("SKILL.md");
                Files.createDirectories(file.getParent());
                String yaml =
                        new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                                .disable(
                                        com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature
                                                .WRITE_DOC_START_MARKER)
                                .writeValueAsString(front);
                Files.writeString(
                        file, "---\n" + yaml + "---\n\n" + action.path("body").asText(""));
                done(outcome, "wrote " + file);
            }
            case "call_tool" -> {
                Path helper = ws.resolve(".harnessgym/runtime/mcp-call");
                List<String> argv =
                        List.of(
                                helper.toString(),
                                "--server",
                                action.path("server").asText(),
                                "--tool",
                                action.path("tool").asText(),
                                "--arguments",
                                Json.compact(
                                        action.path("arguments").isObject()
                                                ? action.get("arguments")
                                                : Json.object()));
                if (!Files.isExecutable(helper)) {
                    outcome.put("ok", false);
                    outcome.put(
                            "detail", "no runtime helper at " + helper + " (nothing is active)");
                    return null;
                }
                ProcessResult r = command(argv, 120);
                outcome.put("ok", r.succeeded());
                outcome.put("detail", tail(r.stdout() + r.stderr()));
                stepCall(
                        action.path("server").asText(),
                        action.path("tool").asText(),
                        action.path("arguments"),
                        tail(r.stdout() + r.stderr()));
            }
            case "attack" -> {
                ArrayNode tried = outcome.putArray("tried");
                for (JsonNode target : action.path("paths")) {
                    ObjectNode attempt = tried.addObject();
                    Path file = path(target.asText());
                    attempt.put("path", file.toString());
                    try {
                        Files.writeString(
                                file,
                                "forged-by-scripted-agent\n",
                                StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
                        attempt.put("outcome", "written");
                    } catch (IOException e) {
                        attempt.put(
                                "outcome",
                                "blocked: " + e.getClass().getSimpleName() + " " + e.getMessage());
                    }
                }
                outcome.put("ok", true);
            }
            case "sleep" -> {
                try {
                    Thread.sleep(action.path("ms").asLong(1000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done(outcome, "slept");
            }
            case "flood" -> {
                byte[] chunk = new byte[1 << 16];
                java.util.Arrays.fill(chunk, (byte) 'x');
                for (long left = action.path("bytes").asLong(1 << 20);
                        left > 0;
                        left -= chunk.length) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, left));
                }
                out.println();
                done(outcome, "flooded");
            }
            case "exit" -> {
                outcome.put("ok", true);
                return action.path("status").asInt(1);
            }
            default -> {
                outcome.put("ok", false);
                outcome.put("detail", "unknown action");
            }
        }
        return null;
    }

    /**
     * A stdio MCP server in one Java file, its tool and reply in JSON beside it (Jackson-written).
     */
    private void mcpServer(JsonNode action, ObjectNode outcome) throws IOException {
        String name = action.path("name").asText();
        if (!name.matches("[A-Za-z0-9_-]+")) {
            outcome.put("ok", false);
            outcome.put("detail", "bad server name");
            return;
        }
        Path dir = ws.resolve(".harnessgym/mcp").resolve(name);
        Files.createDirectories(dir);
        try (InputStream in =
                ScriptedAgent.class.getResourceAsStream(
                        "/io/harnessgym/runner/scripted/Server.java.txt")) {
            Files.write(dir.resolve("Server.java"), in.readAllBytes());
        }
        ArrayNode tools = Json.MAPPER.createArrayNode();
        ObjectNode tool = tools.addObject();
        tool.put("name", action.path("tool").asText("probe"));
        tool.put("description", action.path("description").asText(""));
        tool.putObject("inputSchema").put("type", "object");
        Files.writeString(dir.resolve("tools.json"), Json.compact(tools) + "\n");
        ObjectNode reply = Json.object();
        reply.putArray("content")
                .addObject()
                .put("type", "text")
                .put("text", action.path("reply").asText("ok"));
        reply.put("isError", false);
        Files.writeString(dir.resolve("reply.json"), Json.compact(reply) + "\n");
        ObjectNode manifest = Json.object();
        manifest.put("name", name);
        manifest.put("description", action.path("description").asText(""));
        manifest.put("command", "java");
        manifest.putArray("args").add("Server.java");
        manifest.put("cwd", ".harnessgym/mcp/" + name);
        ObjectNode timeouts = manifest.putObject("timeouts");
        timeouts.put("initialize_ms", 60000);
        timeouts.put("tool_seconds", 60);
        ObjectNode selfTest = manifest.putObject("self_test");
        selfTest.put("command", "java");
        selfTest.putArray("args").add("Server.java").add("--self-test");
        selfTest.put("timeout_seconds", 90);
        Files.writeString(dir.resolve("mcp.json"), Json.pretty(manifest) + "\n");
        done(outcome, "built " + dir);
    }

    private ProcessResult command(List<String> argv, int timeoutSec) {
        Map<String, String> childEnv = new java.util.HashMap<>(env);
        return ProcessRunner.run(
                new ProcessSpec(
                        argv,
                        ws,
                        childEnv,
                        new ProcessSpec.Stdin.Empty(),
                        new ProcessSpec.Output.Tail(64 << 10),
                        new ProcessSpec.Output.Tail(64 << 10),
                        Duration.ofSeconds(timeoutSec),
                        Duration.ofSeconds(2)));
    }

    private Path path(String text) {
        Path p = Path.of(text.replace("${WORKSPACE}", ws.toString()));
        return p.isAbsolute() ? p : ws.resolve(p).normalize();
    }

    private void done(ObjectNode outcome, String detail) {
        outcome.put("ok", true);
        outcome.put("detail", detail);
        step(outcome.path("do").asText(), detail);
    }

    private void step(String text, String observation) {
        ObjectNode step = steps.addObject();
        step.put("text", text);
        ArrayNode calls = step.putArray("tool_calls");
        ObjectNode call = calls.addObject();
        call.put("id", "s" + steps.size());
        call.put("name", text.split(" ")[0]);
        call.put("result", observation);
    }

    /** A tool call in the trace, named as the agent's MCP calls are (server and tool). */
    private void stepCall(String server, String tool, JsonNode arguments, String observation) {
        ObjectNode step = steps.addObject();
        step.put("text", "call " + server + "/" + tool);
        ObjectNode call = step.putArray("tool_calls").addObject();
        call.put("id", "s" + steps.size());
        call.put("server", server);
        call.put("name", tool);
        call.set("arguments", arguments);
        call.put("result", observation);
    }

    private void writeClaims() {
        try {
            String metrics = env.get("AGENT_METRICS_FILE");
            if (metrics != null) {
                ObjectNode m = Json.object();
                m.put("input_tokens", 0);
                m.put("output_tokens", 0);
                m.put("cost_usd", 0.0);
                m.put("exit_reason", "script done");
                Files.writeString(Path.of(metrics), Json.compact(m));
            }
            String trace = env.get("AGENT_TRACE_FILE");
            if (trace != null) {
                ObjectNode t = Json.object();
                t.set("steps", steps);
                Files.writeString(Path.of(trace), Json.compact(t));
            }
        } catch (IOException e) {
            // claims are optional
        }
    }

    private static String tail(String text) {
        return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    }
}
