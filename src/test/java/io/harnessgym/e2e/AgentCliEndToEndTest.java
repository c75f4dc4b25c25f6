package io.harnessgym.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.harnessgym.activation.Activation;
import io.harnessgym.activation.Activator;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.testing.NpmTools;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code codex} and {@code claude} programs (from npm) against what {@code activate}
 * wrote, offline: model APIs mocked on 127.0.0.1, a fresh HOME each, no account.
 */
class AgentCliEndToEndTest {
    @TempDir Path dir;

    Path ws;
    Path home;
    ProxyLauncher launcher;

    @BeforeEach
    void setUp() throws Exception {
        ws = Files.createDirectories(dir.resolve("ws")).toRealPath();
        home = Files.createDirectories(dir.resolve("home"));
        McpTestServers.install(ws, "good", "ndjson", "ndjson");
        McpTestServers.install(ws, "legacy", "content-length", null);
        McpTestServers.install(ws, "broken", "ndjson", "ndjson", "--self-test-fails");
        Files2.skill(ws, "notes", "Notes about the task.");
        launcher = ProxyLauncher.current();
    }

    record Run(int code, String out, String err) {
        List<JsonNode> events() {
            List<JsonNode> events = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (line.startsWith("{")) {
                    try {
                        events.add(Json.MAPPER.readTree(line));
                    } catch (Exception e) {
                        throw new AssertionError("not JSON: " + line, e);
                    }
                }
            }
            return events;
        }
    }

    Run run(List<String> command, Map<String, String> extraEnv) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ws.toFile());
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(
                        name ->
                                name.startsWith("ANTHROPIC_")
                                        || name.startsWith("OPENAI_")
                                        || name.startsWith("CODEX_")
                                        || name.startsWith("CLAUDE"));
        env.put("HOME", home.toString());
        env.putAll(extraEnv);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        builder.redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command + "\n" + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    Activation activate(Activator.Target runner) {
        Activation activation =
                new io.harnessgym.testing.QualifyingActivator(Workspace.open(ws), launcher)
                        .activate(runner, false);
        assertThat(activation.json().at("/quality_gate/active_mcp_count").asInt()).isEqualTo(2);
        return activation;
    }

    String trustThisProject() {
        return "projects={"
                + Json.compact(TextNode.valueOf(ws.toString()))
                + "={trust_level=\"trusted\"}}";
    }

    List<JsonNode> callLog() {
        return Files2.jsonLines(TestState.callLog(ws));
    }

    @Test
    void codexListsExactlyTheActiveServersWithTheProxyCommand() throws Exception {
        Path codex = NpmTools.require(".bin/codex");
        activate(Activator.Target.CODEX);
        Path codexHome = Files.createDirectories(dir.resolve("codex-home"));

        Run run =
                run(
                        List.of(
                                codex.toString(),
                                "-c",
                                trustThisProject(),
                                "mcp",
                                "list",
                                "--json"),
                        Map.of("CODEX_HOME", codexHome.toString()));

        assertThat(run.code()).as(run.err()).isZero();
        JsonNode servers = Json.MAPPER.readTree(run.out());
        List<String> names = new ArrayList<>();
        servers.forEach(server -> names.add(server.get("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("good", "legacy");
        for (JsonNode server : servers) {
            assertThat(server.get("enabled").asBoolean()).isTrue();
            assertThat(server.at("/transport/command").asText()).isEqualTo(launcher.command());
            assertThat(server.at("/transport/args").toString())
                    .contains("\"proxy\"", "\"--manifest\"", "\"--workspace\"");
        }
    }

    @Test
    void theExecOverridesGiveAnUntrustedProjectTheSameServers() throws Exception {
        Path codex = NpmTools.require(".bin/codex");
        Activation activation = activate(Activator.Target.CODEX);
        Path codexHome = Files.createDirectories(dir.resolve("codex-home"));
        List<String> command = new ArrayList<>(List.of(codex.toString()));
        command.addAll(activation.codexOverrides());
        command.addAll(List.of("mcp", "list", "--json"));

        Run run = run(command, Map.of("CODEX_HOME", codexHome.toString()));

        assertThat(run.code()).as(run.err()).isZero();
        List<String> names = new ArrayList<>();
        Json.MAPPER.readTree(run.out()).forEach(server -> names.add(server.get("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("good", "legacy");
    }

    @Test
    void claudeConnectsEveryActiveServerAndItsToolCallIsLogged() throws Exception {
        Path claude = NpmTools.require(".bin/claude");
        Activation activation = activate(Activator.Target.CLAUDE);
        try (ScriptedAnthropic model =
                new ScriptedAnthropic(
                        List.of(
                                new ScriptedAnthropic.Use(
                                        "mcp__good__echo", Map.of("text", "from claude")),
                                new ScriptedAnthropic.Text("done")))) {
            List<String> command =
                    new ArrayList<>(
                            List.of(
                                    claude.toString(),
                                    "-p",
                                    "--output-format",
                                    "stream-json",
                                    "--verbose"));
            command.addAll(activation.claudeArguments());
            command.addAll(List.of("--", "Call the echo tool of the good server."));
            Map<String, String> env = new HashMap<>();
            env.put("CLAUDE_CONFIG_DIR", home.resolve(".claude").toString());
            env.put("ANTHROPIC_BASE_URL", model.baseUrl());
            env.put("ANTHROPIC_API_KEY", "dummy");
            env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
            env.put("DISABLE_AUTOUPDATER", "1");
            // claude -p connects its --mcp-config servers without waiting for them unless
            // MCP_CONNECTION_NONBLOCKING is false, and then for at most MCP_CONNECT_TIMEOUT_MS
            // (default 5 s); a server not connected by its init snapshot stays "pending" for the
            // whole session. A loaded machine takes that long to start two JVM proxies
            // (docs/activation.md).
            env.put("MCP_CONNECTION_NONBLOCKING", "0");
            env.put("MCP_CONNECT_TIMEOUT_MS", "60000");
            env.put("HARNESSGYM_RUN_ID", "claude-e2e");

            Run run = run(command, env);

            assertThat(run.code()).as(run.err()).isZero();
            JsonNode init =
                    run.events().stream()
                            .filter(e -> "init".equals(e.path("subtype").asText()))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("no init event: " + run.out()));
            Map<String, String> status = new HashMap<>();
            init.path("mcp_servers")
                    .forEach(s -> status.put(s.path("name").asText(), s.path("status").asText()));
            assertThat(status)
                    .containsOnly(Map.entry("good", "connected"), Map.entry("legacy", "connected"));
            JsonNode result = run.events().get(run.events().size() - 1);
            assertThat(result.path("type").asText()).isEqualTo("result");
            assertThat(result.path("is_error").asBoolean()).isFalse();
            assertThat(model.everythingSent()).contains("echo: from claude");
        }
        List<JsonNode> log = callLog();
        assertThat(log)
                .singleElement()
                .satisfies(
                        event -> {
                            assertThat(event.get("server").asText()).isEqualTo("good");
                            assertThat(event.get("tool_name").asText()).isEqualTo("echo");
                            assertThat(event.get("status").asText()).isEqualTo("completed");
                            assertThat(event.get("run_id").asText()).isEqualTo("claude-e2e");
                        });
    }

    @Test
    void codexExecCallsTheToolThroughTheProxyAndItIsLogged() throws Exception {
        Path codex = NpmTools.require(".bin/codex");
        activate(Activator.Target.CODEX);
        Path codexHome = Files.createDirectories(dir.resolve("codex-home"));
        try (ScriptedResponses model =
                new ScriptedResponses(
                        List.of(
                                new ScriptedResponses.Mcp(
                                        "mcp__good", "echo", "{\"text\":\"from codex\"}"),
                                new ScriptedResponses.Text("done")))) {
            model.writeCodexConfig(codexHome);

            Run run =
                    run(
                            List.of(
                                    codex.toString(),
                                    "exec",
                                    "--json",
                                    "--skip-git-repo-check",
                                    "-c",
                                    trustThisProject(),
                                    "Call the echo tool of the good server."),
                            Map.of(
                                    "CODEX_HOME",
                                    codexHome.toString(),
                                    "MOCK_API_KEY",
                                    "dummy",
                                    "HARNESSGYM_RUN_ID",
                                    "codex-e2e"));

            assertThat(run.code()).as(run.out() + run.err()).isZero();
            JsonNode call =
                    run.events().stream()
                            .filter(
                                    e ->
                                            "item.completed".equals(e.path("type").asText())
                                                    && "mcp_tool_call"
                                                            .equals(e.at("/item/type").asText()))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "no MCP tool call: " + run.out() + run.err()));
            assertThat(call.at("/item/server").asText()).isEqualTo("good");
            assertThat(call.at("/item/status").asText()).isEqualTo("completed");
            assertThat(call.at("/item/result/content/0/text").asText())
                    .isEqualTo("echo: from codex");
        }
        assertThat(callLog())
                .singleElement()
                .satisfies(
                        event -> {
                            assertThat(event.get("server").asText()).isEqualTo("good");
                            assertThat(event.get("status").asText()).isEqualTo("completed");
                            assertThat(event.get("run_id").asText()).isEqualTo("codex-e2e");
                        });
    }
}
