package io.harnessgym.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.loop.Orchestrator;
import io.harnessgym.loop.RunConfig;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.runner.all.Runners;
import io.harnessgym.testing.AgentUsers;
import io.harnessgym.testing.ClaudeSandboxTools;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.NpmTools;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.FileTrees;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole loop with the real {@code codex} and {@code claude} (npm, pinned) against scripted
 * model mocks on 127.0.0.1: attempt 1 fails, the same session reflects and builds a stdio MCP
 * server and a skill, harnessgym qualifies and activates them, and the fresh attempt 2 calls the
 * new tool through the proxy and solves; the call is in the log under run, iteration 2 and the
 * attempt phase, and the runner's own events corroborate it.
 */
class AgentLoopEndToEndTest {
    private static final String TASK =
            "Make `sh check/run.sh` pass: it checks `src/value.txt`. Use the tools you have.";
    private static final String SKILL =
            """
            ---
            name: probe-first
            description: Call the probe MCP tool before changing src/value.txt, to learn what the check wants.
            ---

            # Probe first

            Call `probe` on the `probe` server, then write what it names to `src/value.txt`.
            """;
    private static final String MANIFEST =
            """
            {"name": "probe", "description": "What the task's check expects.",
             "command": "python3", "args": ["server.py"], "cwd": ".harnessgym/mcp/probe",
             "self_test": {"command": "python3", "args": ["server.py", "--self-test"],
                           "timeout_seconds": 60}}
            """;
    private static final String CLAIM =
            "{\"tooling\": {\"built\": [\"mcp:.harnessgym/mcp/probe\","
                    + " \"skill:.harnessgym/skills/probe-first\"], \"summary\": \"a probe\","
                    + " \"targets\": \"the attempt could not tell what the check wants\","
                    + " \"predicts\": \"the next attempt solves at once\"}}";

    Path dir;
    Path ws;
    StateDir state;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "hg-loop-e2e-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        ws = Files.createDirectories(dir.resolve("ws")).toRealPath();
        Files2.write(ws.resolve("src/value.txt"), "wrong\n");
        Files2.write(
                ws.resolve("check/run.sh"),
                "if grep -qx right src/value.txt; then echo '{\"status\": \"passed\", \"score\":"
                        + " 1}'; else echo '{\"status\": \"failed\", \"score\": 0}'; fi\n");
        Files2.write(ws.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        state = TestState.of(ws);
        env = new HashMap<>(TestState.env());
        env.put("HARNESSGYM_AGENT_DIR", dir.resolve("agent").toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        FileTrees.delete(dir);
    }

    private static String server() throws Exception {
        return Files.readString(Path.of("src/test/resources/e2e/probe_server.py"));
    }

    private Orchestrator.Outcome loop(
            RunnerKind kind, RunnerContext.Options options, ProxyLauncher launcher) {
        RunConfig config =
                RunConfig.builder("e2e")
                        .task("task", "-")
                        .iterations(3)
                        .runner(kind, options)
                        .attemptTimeout(240, List.of())
                        .reflectionTimeout(240)
                        .buildTimeout(240)
                        .postAttempt("sh check/run.sh", List.of("check"), 60)
                        .build();
        Workspace workspace = Workspace.open(ws);
        return new Orchestrator(workspace, state, env, launcher)
                .run(
                        config,
                        TASK,
                        Runners.create(
                                kind, new RunnerContext(workspace, state, env, launcher, options)));
    }

    @Test
    void codexAttemptsReflectsBuildsAServerAndASkillThenTheNextAttemptUsesItAndSolves()
            throws Exception {
        Path codexHome = Files.createDirectories(dir.resolve("codex-home"));
        env.keySet().removeIf(n -> n.startsWith("CODEX_") || n.startsWith("OPENAI_"));
        env.put("CODEX_HOME", codexHome.toString());
        env.put("HOME", dir.resolve("home").toString());
        env.put("MOCK_API_KEY", "dummy");
        String build =
                "mkdir -p .harnessgym/mcp/probe .harnessgym/skills/probe-first"
                        + " && cat > .harnessgym/mcp/probe/server.py <<'PYEOF'\n"
                        + server()
                        + "PYEOF\n"
                        + "cat > .harnessgym/mcp/probe/mcp.json <<'JSONEOF'\n"
                        + MANIFEST
                        + "JSONEOF\n"
                        + "cat > .harnessgym/skills/probe-first/SKILL.md <<'MDEOF'\n"
                        + SKILL
                        + "MDEOF\n"
                        + "cat > harnessgym-result.json <<'JSONEOF'\n"
                        + CLAIM
                        + "\nJSONEOF\n";
        Map<String, List<ScriptedResponses.Step>> script = new LinkedHashMap<>();
        script.put(
                "iteration 1 of a harnessgym run",
                List.of(
                        new ScriptedResponses.Shell("cat src/value.txt"),
                        new ScriptedResponses.Text("blocked: I cannot tell what the check wants"),
                        new ScriptedResponses.Text("I missed a probe of what the check expects"),
                        new ScriptedResponses.Shell(build),
                        new ScriptedResponses.Shell(
                                "python3 .harnessgym/mcp/probe/server.py --self-test"),
                        new ScriptedResponses.Text("built the probe server and a skill")));
        script.put(
                "iteration 2 of a harnessgym run",
                List.of(
                        new ScriptedResponses.Mcp("mcp__probe", "probe", "{}"),
                        new ScriptedResponses.Shell("echo right > src/value.txt"),
                        new ScriptedResponses.Text("solved after probing")));
        try (ScriptedResponses model = new ScriptedResponses(script)) {
            model.writeCodexConfig(codexHome);
            Orchestrator.Outcome outcome =
                    loop(
                            RunnerKind.CODEX,
                            RunnerContext.Options.defaults()
                                    .withProgram(NpmTools.require(".bin/codex").toString()),
                            ProxyLauncher.current());

            assertTheLoopSolvedWithTheBuiltTool(outcome, "codex");
            assertThat(model.everythingSent()).contains("probe: the check wants the word 'right'");
        }
        assertThat(Files.readString(codexHome.resolve("config.toml"))).doesNotContain("probe");
    }

    @Test
    void claudeAttemptsReflectsBuildsAServerAndASkillThenTheNextAttemptUsesItAndSolves()
            throws Exception {
        ClaudeSandboxTools.require();
        String user = AgentUsers.require();
        ProxyLauncher launcher =
                user == null ? ProxyLauncher.current() : AgentUsers.readableLauncher();
        env.keySet().removeIf(n -> n.startsWith("ANTHROPIC_") || n.startsWith("CLAUDE"));
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", dir.resolve("home").toString());
        env.put("ANTHROPIC_API_KEY", "dummy");
        env.put("CLAUDE_CODE_MAX_RETRIES", "0");
        if (user != null) {
            AgentUsers.give(ws);
        }
        Map<String, List<ScriptedAnthropic.Step>> script = new LinkedHashMap<>();
        script.put(
                "iteration 1 of a harnessgym run",
                List.of(
                        ScriptedAnthropic.bash("cat src/value.txt"),
                        new ScriptedAnthropic.Text("blocked: I cannot tell what the check wants"),
                        new ScriptedAnthropic.Text("I missed a probe of what the check expects"),
                        ScriptedAnthropic.write(
                                ws.resolve(".harnessgym/mcp/probe/server.py").toString(), server()),
                        ScriptedAnthropic.write(
                                ws.resolve(".harnessgym/mcp/probe/mcp.json").toString(), MANIFEST),
                        ScriptedAnthropic.write(
                                ws.resolve(".harnessgym/skills/probe-first/SKILL.md").toString(),
                                SKILL),
                        ScriptedAnthropic.bash(
                                "python3 .harnessgym/mcp/probe/server.py --self-test"),
                        ScriptedAnthropic.write(
                                ws.resolve("harnessgym-result.json").toString(), CLAIM),
                        new ScriptedAnthropic.Text("built the probe server and a skill")));
        script.put(
                "iteration 2 of a harnessgym run",
                List.of(
                        new ScriptedAnthropic.Use("mcp__probe__probe", Map.of()),
                        ScriptedAnthropic.bash("echo right > src/value.txt"),
                        new ScriptedAnthropic.Text("solved after probing")));
        try (ScriptedAnthropic model = new ScriptedAnthropic(script)) {
            env.put("ANTHROPIC_BASE_URL", model.baseUrl());
            Orchestrator.Outcome outcome =
                    loop(
                            RunnerKind.CLAUDE,
                            RunnerContext.Options.defaults()
                                    .withProgram(NpmTools.require(".bin/claude").toString())
                                    .withAgentUser(user),
                            launcher);

            assertTheLoopSolvedWithTheBuiltTool(outcome, "claude");
            assertThat(model.everythingSent()).contains("probe: the check wants the word 'right'");
        }
    }

    private void assertTheLoopSolvedWithTheBuiltTool(Orchestrator.Outcome outcome, String agent)
            throws Exception {
        Path run = state.root().resolve("runs/e2e");
        JsonNode summary = Json.MAPPER.readTree(outcome.summaryFile().toFile());
        JsonNode first = Json.MAPPER.readTree(run.resolve("iterations/1/result.json").toFile());
        JsonNode second = Json.MAPPER.readTree(run.resolve("iterations/2/result.json").toFile());
        String why = summary.toPrettyString() + "\n" + first.toPrettyString();
        assertThat(outcome.solved()).as(why).isTrue();
        assertThat(summary.path("iterations")).as(why).hasSize(2);

        // Iteration 1: measured failed, the same session reflected and built, both qualified.
        assertThat(first.at("/measured/passed").asBoolean()).as(why).isFalse();
        assertThat(first.at("/phases/reflect/status").asText()).as(why).isEqualTo("completed");
        assertThat(first.at("/phases/build/status").asText()).as(why).isEqualTo("completed");
        assertThat(first.at("/phases/build/session_id").asText())
                .isEqualTo(first.at("/phases/attempt/session_id").asText());
        assertThat(first.at("/qualification/passed").toString())
                .as(why)
                .contains("mcp:.harnessgym/mcp/probe", "skill:.harnessgym/skills/probe-first");
        assertThat(first.at("/qualification/quarantined")).isEmpty();
        assertThat(first.at("/qualification/active_mcp_count").asInt()).isEqualTo(1);
        JsonNode changes =
                Json.MAPPER.readTree(run.resolve("iterations/1/change_manifest.json").toFile());
        assertThat(changes.path("changes").toString())
                .contains("mcp/probe", "the next attempt solves at once");

        // Activation in the agent's native form, then iteration 2: a fresh session, the call.
        assertThat(Files.readString(ws.resolve(".harnessgym/activation.json"))).contains("probe");
        assertThat(second.at("/phases/attempt/session_id").asText())
                .isNotEqualTo(first.at("/phases/attempt/session_id").asText());
        assertThat(Files.readString(run.resolve("iterations/2/attempt.prompt.txt")))
                .contains("MCP server `probe`: tools probe", "probe-first");
        assertThat(second.at("/measured/passed").asBoolean()).as(second.toPrettyString()).isTrue();
        JsonNode usage = second.path("harness_usage");
        assertThat(usage.at("/mcp_calls_by_phase/attempt").asInt())
                .as(second.toPrettyString())
                .isEqualTo(1);
        assertThat(usage.path("logged_not_reported")).as(usage.toString()).isEmpty();
        assertThat(usage.path("reported_not_logged")).as(usage.toString()).isEmpty();
        assertThat(usage.path("attempt_tools").toString()).contains("probe");
        List<JsonNode> log = Files2.jsonLines(state.callLog());
        assertThat(log)
                .as(agent)
                .singleElement()
                .satisfies(
                        event -> {
                            assertThat(event.path("server").asText()).isEqualTo("probe");
                            assertThat(event.path("tool_name").asText()).isEqualTo("probe");
                            assertThat(event.path("run_id").asText()).isEqualTo("e2e");
                            assertThat(event.path("iteration").asText()).isEqualTo("2");
                            assertThat(event.path("phase").asText()).isEqualTo("attempt");
                        });
        assertThat(ws.resolve("src/value.txt")).hasContent("right");

        // The sandbox's mount-point stubs are gone: only what the run itself made is left.
        assertThat(ws.resolve(".mcp.json")).as(agent).doesNotExist();
        assertThat(ws.resolve(".aws")).as(agent).doesNotExist();
        assertThat(names(ws.resolve(".git"))).as(agent).containsExactly("HEAD");
        for (String root : List.of(".claude", ".agents")) {
            if (Files.exists(ws.resolve(root))) {
                assertThat(names(ws.resolve(root)))
                        .as(agent + " " + root)
                        .containsExactly("skills");
            }
        }
    }

    private static List<String> names(Path dir) throws Exception {
        try (var entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
