package io.harnessgym.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.activation.Activation;
import io.harnessgym.activation.Activator;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.runner.AgentUser;
import io.harnessgym.runner.Phase;
import io.harnessgym.runner.PhaseRequest;
import io.harnessgym.runner.PhaseResult;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.testing.AgentUsers;
import io.harnessgym.testing.ClaudeSandboxTools;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.testing.NpmTools;
import io.harnessgym.testing.QualifyingActivator;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.FileTrees;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The claude runner driving the real {@code claude} (npm, pinned) against a scripted Messages mock
 * on 127.0.0.1. As root (CI), Claude runs as a dedicated unprivileged user the test creates, and
 * its proxies log through harnessgym's collector socket; as any other user, as that user.
 */
class ClaudeRunnerEndToEndTest {
    Path dir;
    Path ws;
    StateDir state;
    String agentUser;
    Activation activation;
    Path agentDir;

    @BeforeEach
    void setUp() throws Exception {
        ClaudeSandboxTools.require();
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "hg-claude-e2e-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        ws = Files.createDirectories(dir.resolve("ws")).toRealPath();
        McpTestServers.install(ws, "good", "ndjson", "ndjson", "--write-tool");
        Files.createDirectories(ws.resolve(".git"));
        Files.writeString(ws.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.createDirectories(ws.resolve("src"));
        state = TestState.of(ws);
        agentUser = AgentUsers.require();
        agentDir = dir.resolve("agent");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dir != null) {
            FileTrees.delete(dir);
        }
    }

    private ProxyLauncher launcher() {
        return agentUser == null ? ProxyLauncher.current() : AgentUsers.readableLauncher();
    }

    private void activate() {
        if (activation == null) {
            activation =
                    new QualifyingActivator(Workspace.open(ws), launcher())
                            .activate(Activator.Target.CLAUDE, false);
            if (agentUser != null) {
                AgentUsers.give(ws);
            }
        }
    }

    private RunnerContext context(ScriptedAnthropic model, String user) {
        Map<String, String> env = new HashMap<>(TestState.env());
        env.keySet().removeIf(n -> n.startsWith("ANTHROPIC_") || n.startsWith("CLAUDE"));
        // The agent user cannot enter root's home: the system python3 and tools only.
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", dir.resolve("home").toString());
        env.put("ANTHROPIC_BASE_URL", model == null ? "http://127.0.0.1:9" : model.baseUrl());
        env.put("ANTHROPIC_API_KEY", "dummy");
        env.put("CLAUDE_CODE_MAX_RETRIES", "0");
        env.put("HARNESSGYM_AGENT_DIR", agentDir.toString());
        return new RunnerContext(
                Workspace.open(ws),
                state,
                env,
                launcher(),
                RunnerContext.Options.defaults()
                        .withProgram(NpmTools.require(".bin/claude").toString())
                        .withAgentUser(user));
    }

    private PhaseResult run(
            ScriptedAnthropic model, Phase phase, String prompt, String session, Duration timeout) {
        activate();
        return io.harnessgym.runner.all.Runners.create(RunnerKind.CLAUDE, context(model, agentUser))
                .run(
                        new PhaseRequest(
                                phase,
                                prompt,
                                session,
                                state.root().resolve("runs/c1/iterations/2"),
                                timeout,
                                new PhaseRequest.RunScope("c1", "2", ""),
                                activation));
    }

    private static String why(PhaseResult result) throws Exception {
        return result.reason()
                + "\n"
                + Files.readString(Path.of(result.files().stderr()))
                + "\n"
                + result.warnings();
    }

    @Test
    void asRootWithoutAnAgentUserItRefusesAndSaysHow() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(AgentUser.runningAsRoot(), "only as root");
        activate();
        PhaseResult result =
                io.harnessgym.runner.all.Runners.create(RunnerKind.CLAUDE, context(null, null))
                        .run(
                                new PhaseRequest(
                                        Phase.ATTEMPT,
                                        "hi",
                                        null,
                                        state.root().resolve("runs/c0"),
                                        Duration.ofMinutes(1),
                                        PhaseRequest.RunScope.NONE,
                                        activation));
        assertThat(result.status().id()).isEqualTo("error");
        assertThat(result.reason())
                .contains("does not hold against root", "--agent-user", "useradd");
        assertThat(result.confinement().mechanism()).isEqualTo("none");
    }

    @Test
    void aFreshSessionCallsTheActivatedToolAndTheCollectorLogsItWithItsScope() throws Exception {
        try (ScriptedAnthropic model =
                new ScriptedAnthropic(
                        List.of(
                                new ScriptedAnthropic.Use(
                                        "mcp__good__echo", Map.of("text", "from claude")),
                                new ScriptedAnthropic.Text("done with claude")))) {
            PhaseResult result =
                    run(model, Phase.ATTEMPT, "Call echo.", null, Duration.ofMinutes(3));

            assertThat(result.completed()).as(why(result)).isTrue();
            assertThat(result.sessionId()).matches("[0-9a-f-]{36}");
            assertThat(result.finalMessage()).isEqualTo("done with claude");
            assertThat(result.toolCalls())
                    .anySatisfy(
                            call -> {
                                assertThat(call.kind()).isEqualTo("mcp");
                                assertThat(call.server()).isEqualTo("good");
                                assertThat(call.name()).isEqualTo("echo");
                                assertThat(call.status()).isEqualTo("completed");
                            });
            assertThat(result.cost().source()).isEqualTo("reported");
            assertThat(result.cost().usd()).isPositive();
            assertThat(result.usage().inputTokens()).isPositive();
            assertThat(result.agent().version()).isEqualTo("2.1.197");
            assertThat(result.confinement().mechanism()).isEqualTo("claude_sandbox");
            assertThat(result.confinement().user())
                    .isEqualTo(agentUser != null ? agentUser : System.getProperty("user.name"));
            JsonNode trajectory =
                    Json.MAPPER.readTree(Path.of(result.files().trajectory()).toFile());
            assertThat(trajectory.path("steps").toString())
                    .contains("mcp__good__echo", "echo: from claude");
            assertThat(model.everythingSent()).contains("echo: from claude");
        }
        assertThat(Files2.jsonLines(state.callLog()))
                .singleElement()
                .satisfies(
                        event -> {
                            assertThat(event.path("server").asText()).isEqualTo("good");
                            assertThat(event.path("tool_name").asText()).isEqualTo("echo");
                            assertThat(event.path("run_id").asText()).isEqualTo("c1");
                            assertThat(event.path("iteration").asText()).isEqualTo("2");
                            assertThat(event.path("phase").asText()).isEqualTo("attempt");
                        });
    }

    @Test
    void aResumedSessionKeepsItsIdAndSeesTheHistory() throws Exception {
        try (ScriptedAnthropic model =
                new ScriptedAnthropic(List.of(new ScriptedAnthropic.Text("first answer")))) {
            PhaseResult first =
                    run(model, Phase.ATTEMPT, "FIRST-PROMPT-MARKER", null, Duration.ofMinutes(3));
            assertThat(first.completed()).as(why(first)).isTrue();

            PhaseResult second =
                    run(
                            model,
                            Phase.REFLECT,
                            "What did you miss?",
                            first.sessionId(),
                            Duration.ofMinutes(3));

            assertThat(second.completed()).as(why(second)).isTrue();
            assertThat(second.sessionId()).isEqualTo(first.sessionId());
            JsonNode last = model.requests.get(model.requests.size() - 1);
            assertThat(last.path("messages").toString())
                    .contains("FIRST-PROMPT-MARKER", "first answer", "What did you miss?");
        }
    }

    @Test
    void anApiErrorIsAFailedPhase() throws Exception {
        try (ScriptedAnthropic model =
                new ScriptedAnthropic(List.of(new ScriptedAnthropic.Fail(500)))) {
            PhaseResult result = run(model, Phase.ATTEMPT, "hello", null, Duration.ofMinutes(3));

            assertThat(result.status().id()).as(why(result)).isEqualTo("failed");
            assertThat(result.reason()).contains("500");
        }
    }

    @Test
    void theBudgetStopsThePhaseAsAFailureWithTheReportedCost() throws Exception {
        try (ScriptedAnthropic model =
                new ScriptedAnthropic(
                        List.of(
                                ScriptedAnthropic.bash("echo one"),
                                ScriptedAnthropic.bash("echo two"),
                                new ScriptedAnthropic.Text("done")))) {
            activate();
            RunnerContext base = context(model, agentUser);
            RunnerContext budgeted =
                    new RunnerContext(
                            base.workspace(),
                            base.state(),
                            base.env(),
                            base.launcher(),
                            new RunnerContext.Options(
                                    base.options().program(),
                                    null,
                                    List.of(),
                                    agentUser,
                                    0.000001,
                                    null,
                                    null,
                                    null));
            PhaseResult result =
                    io.harnessgym.runner.all.Runners.create(RunnerKind.CLAUDE, budgeted)
                            .run(
                                    new PhaseRequest(
                                            Phase.ATTEMPT,
                                            "spend",
                                            null,
                                            state.root().resolve("runs/c1/iterations/9"),
                                            Duration.ofMinutes(3),
                                            new PhaseRequest.RunScope("c1", "9", ""),
                                            activation));

            assertThat(result.status().id()).as(why(result)).isEqualTo("failed");
            assertThat(result.warnings()).anyMatch(w -> w.contains("budget"));
            assertThat(result.cost().usd()).isPositive();
        }
    }

    @Test
    void aHungModelIsATimeoutAndNothingOfClaudeIsLeft() throws Exception {
        try (ScriptedAnthropic model =
                new ScriptedAnthropic(List.of(new ScriptedAnthropic.Hang()))) {
            PhaseResult result = run(model, Phase.ATTEMPT, "hello", null, Duration.ofSeconds(10));

            assertThat(result.status().id()).isEqualTo("timeout");
            assertThat(
                            ProcessHandle.allProcesses()
                                    .filter(
                                            p ->
                                                    p.info()
                                                                    .commandLine()
                                                                    .orElse("")
                                                                    .contains(ws.toString())
                                                            || p.info()
                                                                    .commandLine()
                                                                    .orElse("")
                                                                    .contains("claude.exe")))
                    .isEmpty();
        }
    }

    /**
     * The rule: Bash, the Write tool and an MCP server the agent built cannot write the evidence.
     */
    @Test
    void neitherBashNorWriteNorAnAgentBuiltServerCanWriteTheEvidence() throws Exception {
        activate();
        Path registry = ws.resolve(".harnessgym/registry.json");
        Path callLog = state.callLog();
        Files.createDirectories(callLog.getParent());
        if (!Files.exists(callLog)) {
            Files.writeString(callLog, "");
        }
        String registryBefore = Files.readString(registry);
        String logBefore = Files.readString(callLog);
        Path stateFile = state.root().resolve("forged.txt");
        List<ScriptedAnthropic.Step> steps = new ArrayList<>();
        List<String> targets =
                List.of(
                        ws.resolve("src/ok.txt").toString(),
                        ws.resolve(".harnessgym/x.txt").toString(),
                        registry.toString(),
                        ws.resolve(".git/x.txt").toString(),
                        stateFile.toString(),
                        callLog.toString(),
                        ws.resolve(".harnessgym/skills/attempt.txt").toString());
        for (String target : targets) {
            steps.add(ScriptedAnthropic.bash("echo forged >> '" + target + "'"));
        }
        steps.add(
                ScriptedAnthropic.bash(
                        "mount -o remount,rw,bind "
                                + ws.resolve(".harnessgym")
                                + " && echo forged >> "
                                + registry));
        for (String target : targets.subList(1, targets.size())) {
            steps.add(ScriptedAnthropic.write(target, "forged-by-write"));
        }
        steps.add(
                new ScriptedAnthropic.Use(
                        "mcp__good__write",
                        Map.of("path", callLog.toString(), "content", "{\"forged\":1}\n")));
        steps.add(
                new ScriptedAnthropic.Use(
                        "mcp__good__write",
                        Map.of("path", registry.toString(), "content", "forged")));
        steps.add(new ScriptedAnthropic.Text("tried"));
        steps.add(ScriptedAnthropic.bash("echo built > .harnessgym/skills/built.txt"));
        steps.add(
                ScriptedAnthropic.write(
                        ws.resolve(".harnessgym/skills/written.txt").toString(), "written"));
        steps.add(ScriptedAnthropic.write(registry.toString(), "forged-in-build"));
        steps.add(new ScriptedAnthropic.Text("built"));
        try (ScriptedAnthropic model = new ScriptedAnthropic(steps)) {
            PhaseResult attempt = run(model, Phase.ATTEMPT, "attack", null, Duration.ofMinutes(4));
            assertThat(attempt.completed()).as(why(attempt)).isTrue();
            PhaseResult build =
                    run(model, Phase.BUILD, "build", attempt.sessionId(), Duration.ofMinutes(3));
            assertThat(build.completed()).as(why(build)).isTrue();
            assertThat(model.everythingSent()).contains("built", "tried");
        }
        assertThat(ws.resolve("src/ok.txt")).exists();
        assertThat(ws.resolve(".harnessgym/x.txt")).doesNotExist();
        assertThat(ws.resolve(".harnessgym/skills/attempt.txt")).doesNotExist();
        assertThat(ws.resolve(".git/x.txt")).doesNotExist();
        assertThat(stateFile).doesNotExist();
        assertThat(Files.readString(registry)).isEqualTo(registryBefore);
        assertThat(ws.resolve(".harnessgym/skills/built.txt")).hasContent("built");
        assertThat(ws.resolve(".harnessgym/skills/written.txt")).hasContent("written");
        String log = Files.readString(callLog).substring(logBefore.length());
        assertThat(log).doesNotContain("forged");
        assertThat(log.lines()).hasSize(2);
    }
}
