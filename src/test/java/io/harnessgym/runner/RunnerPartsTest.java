package io.harnessgym.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.runner.all.Runners;
import io.harnessgym.runner.claude.ClaudeSettings;
import io.harnessgym.runner.codex.CodexEvents;
import io.harnessgym.runner.codex.CodexProfile;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.TomlValues;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runners' parts that need no agent: names, TOML, profiles, settings, parsers, prices. */
class RunnerPartsTest {
    @TempDir Path dir;

    @Test
    void runnerNamesIncludeThePythonToolsAliases() {
        assertThat(RunnerKind.parse("exec")).isEqualTo(RunnerKind.CODEX);
        assertThat(RunnerKind.parse(" Fake ")).isEqualTo(RunnerKind.SCRIPTED);
        assertThat(RunnerKind.parse("claude")).isEqualTo(RunnerKind.CLAUDE);
        assertThatThrownBy(() -> RunnerKind.parse("tui-goal"))
                .hasMessageContaining("unknown runner");
    }

    @Test
    void tomlValuesCannotBeBrokenOutOfByWhatAPathContains() throws Exception {
        var table = Json.object();
        table.put("/ws/a\"] = 1\n[evil", "none");
        table.putObject(":workspace_roots").put(".", "write");
        String override = TomlValues.override("permissions.harnessgym.filesystem", table);
        JsonNode parsed = new TomlMapper().readTree(override.replaceFirst("=", " = ") + "\n");
        JsonNode fs = parsed.at("/permissions/harnessgym/filesystem");
        assertThat(fs.size()).isEqualTo(2);
        assertThat(fs.path("/ws/a\"] = 1\n[evil").asText()).isEqualTo("none");
        assertThatThrownBy(() -> TomlValues.override("a.b c", TextNode.valueOf("x")))
                .hasMessageContaining("not a bare TOML key");
    }

    @Test
    void theCodexProfileNeverNamesTheLegacySandboxAndHidesOnlyWhatExists() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Path state = Files.createDirectories(dir.resolve("state"));
        CodexProfile build =
                CodexProfile.of(
                        ws,
                        Phase.BUILD,
                        List.of(state, dir.resolve("missing")),
                        dir.resolve("codex"));
        String flags = String.join(" ", build.overrides());
        assertThat(flags).doesNotContain("sandbox_mode", "danger");
        assertThat(flags)
                .contains(
                        "default_permissions='harnessgym'",
                        "'.harnessgym/skills'='write'",
                        "'" + state + "'='none'");
        assertThat(flags).doesNotContain("missing");
        CodexProfile attempt = CodexProfile.of(ws, Phase.ATTEMPT, List.of(state), null);
        assertThat(String.join(" ", attempt.overrides()))
                .doesNotContain(".harnessgym/skills")
                .contains("'.harnessgym'='read'");
    }

    @Test
    void codexIsRefusedWhenAConfigWouldReplaceTheProfile() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws")).toRealPath();
        Path home = Files.createDirectories(dir.resolve("codex-home"));
        Files.writeString(home.resolve("config.toml"), "sandbox_mode = \"danger-full-access\"\n");
        Map<String, String> env = new java.util.HashMap<>(TestState.env());
        env.put("CODEX_HOME", home.toString());
        RunnerContext context =
                new RunnerContext(
                        Workspace.open(ws),
                        TestState.of(ws),
                        env,
                        ProxyLauncher.current(),
                        RunnerContext.Options.defaults().withProgram("/bin/true"));
        PhaseResult result =
                Runners.create(RunnerKind.CODEX, context)
                        .run(
                                new PhaseRequest(
                                        Phase.ATTEMPT,
                                        "x",
                                        null,
                                        dir.resolve("phase"),
                                        Duration.ofSeconds(5),
                                        PhaseRequest.RunScope.NONE,
                                        null));
        assertThat(result.status().id()).isEqualTo("error");
        assertThat(result.reason()).contains("sandbox_mode");

        RunnerContext bypass =
                new RunnerContext(
                        Workspace.open(ws),
                        TestState.of(ws),
                        TestState.env(),
                        ProxyLauncher.current(),
                        new RunnerContext.Options(
                                "/bin/true",
                                null,
                                List.of("--dangerously-bypass-approvals-and-sandbox"),
                                null,
                                null,
                                null,
                                null,
                                null));
        assertThat(
                        Runners.create(RunnerKind.CODEX, bypass)
                                .run(
                                        new PhaseRequest(
                                                Phase.ATTEMPT,
                                                "x",
                                                null,
                                                dir.resolve("p2"),
                                                Duration.ofSeconds(5),
                                                PhaseRequest.RunScope.NONE,
                                                null))
                                .reason())
                .contains("refused");
    }

    @Test
    void claudeSettingsUseAbsoluteRulesAndProtectHarnessgymFilesInBuildPhases() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Files.createDirectories(ws.resolve(".harnessgym/skills"));
        Files.createDirectories(ws.resolve(".harnessgym/notes"));
        ClaudeSettings attempt =
                ClaudeSettings.of(
                        ws, Phase.ATTEMPT, List.of(dir.resolve("state")), List.of("good"));
        JsonNode json = attempt.json();
        assertThat(json.at("/permissions/deny").toString())
                .contains(
                        "Edit(/" + ws + "/.harnessgym/**)",
                        "Edit(/" + dir.resolve("state") + "/**)",
                        "WebFetch");
        assertThat(json.at("/permissions/allow").toString()).contains("mcp__good", "Bash");
        assertThat(json.at("/sandbox/failIfUnavailable").asBoolean()).isTrue();
        assertThat(json.at("/sandbox/allowUnsandboxedCommands").asBoolean()).isFalse();
        assertThat(json.at("/sandbox/filesystem/denyWrite").toString()).doesNotContain("\"./");
        assertThat(json.toString()).doesNotContain("bypassPermissions");

        String build = ClaudeSettings.of(ws, Phase.BUILD, List.of(), List.of()).json().toString();
        assertThat(build)
                .contains(".harnessgym/registry.json", ".harnessgym/notes", ".harnessgym/runs")
                .doesNotContain(".harnessgym/skills", "/.harnessgym/**");
    }

    @Test
    void forAnAgentUserMissingBundleFilesStayDeniedToEditButOutOfTheSandboxMounts()
            throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Files.createDirectories(ws.resolve(".harnessgym/notes"));
        Path state = dir.resolve("state-missing");

        JsonNode asUser =
                ClaudeSettings.of(ws, Phase.BUILD, List.of(state), List.of(), true).json();
        String denyWrite = asUser.at("/sandbox/filesystem/denyWrite").toString();
        assertThat(denyWrite).contains(ws + "/.harnessgym/notes", state.toString());
        assertThat(denyWrite).doesNotContain(".harnessgym/registry.json");
        assertThat(asUser.at("/permissions/deny").toString())
                .contains("Edit(/" + ws + "/.harnessgym/registry.json");

        JsonNode asSelf = ClaudeSettings.of(ws, Phase.BUILD, List.of(state), List.of()).json();
        assertThat(asSelf.at("/sandbox/filesystem/denyWrite").toString())
                .contains(".harnessgym/registry.json");
    }

    @Test
    void codexEventsSurviveGarbageAndSumUsageOverTurns() throws Exception {
        Path out = dir.resolve("out.jsonl");
        Files.write(
                out,
                ("{\"type\":\"thread.started\",\"thread_id\":\"t-1\"}\n\u00ff\u00fe not json\n{broken\n"
                                + "{\"type\":\"item.completed\",\"item\":{\"type\":\"command_execution\",\"command\":\"ls\",\"exit_code\":0,\"status\":\"completed\"}}\n"
                                + "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":10,\"cached_input_tokens\":4,\"output_tokens\":2}}\n"
                                + "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}\n"
                                + "{\"type\":\"turn.failed\",\"error\":{\"message\":\"quota\"}}\n")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        CodexEvents events = CodexEvents.read(out, "p");
        assertThat(events.threadId()).isEqualTo("t-1");
        assertThat(events.usage()).isEqualTo(new Usage(15, 3, 4));
        assertThat(events.failure()).isEqualTo("quota");
        assertThat(events.toolCalls()).extracting(ToolCall::kind).containsExactly("command");
    }

    @Test
    void pricesComeFromTheTableOrAreUnknownNeverGuessed() throws Exception {
        Usage usage = new Usage(1_000_000, 1_000_000, 500_000);
        assertThat(PriceTable.builtIn().cost("gpt-5-codex-2026", usage).usd())
                .isEqualTo(0.625 + 0.0625 + 10.0);
        assertThat(PriceTable.builtIn().cost("mock-model", usage).source()).isEqualTo("unknown");
        Path table = dir.resolve("prices.json");
        Files.writeString(table, "{\"mock-model\": {\"input\": 1, \"output\": 2}}");
        assertThat(PriceTable.load(table).cost("mock-model", usage).usd()).isEqualTo(3.0);
        Files.writeString(table, "{\"m\": {\"input\": \"cheap\"}}");
        assertThatThrownBy(() -> PriceTable.load(table)).hasMessageContaining("needs numbers");
    }

    @Test
    void sessionIdsInPlainTextAreFoundAsThePythonToolFoundThem() {
        assertThat(SessionIds.fromText("x\nSession ID: abc-1\n")).isEqualTo("abc-1");
        assertThat(SessionIds.fromText("started 01a1fd55-48e9-7293-be49-1e2ba85262fd ok"))
                .isEqualTo("01a1fd55-48e9-7293-be49-1e2ba85262fd");
        assertThat(SessionIds.fromText("nothing")).isNull();
    }
}
