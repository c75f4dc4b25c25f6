package io.harnessgym.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.activation.Activation;
import io.harnessgym.activation.Activator;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.process.Sandbox;
import io.harnessgym.runner.Phase;
import io.harnessgym.runner.PhaseRequest;
import io.harnessgym.runner.PhaseResult;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.testing.NpmTools;
import io.harnessgym.testing.QualifyingActivator;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codex runner driving the real {@code codex} (npm, pinned) against a scripted Responses mock
 * on 127.0.0.1: a fresh session calling an activated tool through the proxy, a resumed session, an
 * API error, a timeout, and the confinement of its shell and of an MCP server the agent built.
 */
class CodexRunnerEndToEndTest {
    @TempDir Path dir;

    Path ws;
    Path codexHome;
    StateDir state;
    Activation activation;

    @BeforeEach
    void setUp() throws Exception {
        ws = Files.createDirectories(dir.resolve("ws")).toRealPath();
        codexHome = Files.createDirectories(dir.resolve("codex-home"));
        McpTestServers.install(ws, "good", "ndjson", "ndjson", "--write-tool");
        Files.createDirectories(ws.resolve(".git"));
        Files.writeString(ws.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        state = TestState.of(ws);
    }

    private ScriptedResponses model(List<ScriptedResponses.Step> steps) throws Exception {
        ScriptedResponses model = new ScriptedResponses(steps);
        model.writeCodexConfig(codexHome);
        return model;
    }

    /** How agent configs start the proxy: the launcher beside the jar, unless a test says. */
    private ProxyLauncher launcher = ProxyLauncher.current();

    private RunnerContext context() {
        Map<String, String> env = new java.util.HashMap<>(TestState.env());
        env.keySet().removeIf(n -> n.startsWith("CODEX_") || n.startsWith("OPENAI_"));
        env.put("CODEX_HOME", codexHome.toString());
        env.put("HOME", dir.resolve("home").toString());
        env.put("MOCK_API_KEY", "dummy");
        return new RunnerContext(
                Workspace.open(ws),
                state,
                env,
                launcher,
                RunnerContext.Options.defaults()
                        .withProgram(NpmTools.require(".bin/codex").toString()));
    }

    private PhaseResult run(Phase phase, String prompt, String session, Duration timeout) {
        if (activation == null) {
            activation =
                    new QualifyingActivator(Workspace.open(ws), launcher)
                            .activate(Activator.Target.CODEX, false);
        }
        return io.harnessgym.runner.all.Runners.create(RunnerKind.CODEX, context())
                .run(
                        new PhaseRequest(
                                phase,
                                prompt,
                                session,
                                state.root().resolve("runs/r1/iterations/1"),
                                timeout,
                                new PhaseRequest.RunScope("r1", "1", ""),
                                activation));
    }

    /** A model that calls the echo tool once, then says it is done. */
    private ScriptedResponses echoModel() throws Exception {
        return model(
                List.of(
                        new ScriptedResponses.Mcp("mcp__good", "echo", "{\"text\":\"hi\"}"),
                        new ScriptedResponses.Text("all done")));
    }

    /** The attempt asking for the echo call, which must complete. */
    private PhaseResult completedEchoAttempt() throws Exception {
        PhaseResult result = run(Phase.ATTEMPT, "Call the echo tool.", null, Duration.ofMinutes(3));
        assertThat(result.status().id())
                .as(result.reason() + Files.readString(Path.of(result.files().stderr())))
                .isEqualTo("completed");
        return result;
    }

    @Test
    void aFreshSessionCallsTheActivatedToolThroughTheProxyAndTheCallIsScoped() throws Exception {
        try (ScriptedResponses model = echoModel()) {
            PhaseResult result = completedEchoAttempt();
            assertThat(result.sessionId()).matches("[0-9a-f-]{36}");
            assertThat(result.finalMessage()).isEqualTo("all done");
            assertThat(result.toolCalls())
                    .anySatisfy(
                            call -> {
                                assertThat(call.kind()).isEqualTo("mcp");
                                assertThat(call.server()).isEqualTo("good");
                                assertThat(call.name()).isEqualTo("echo");
                                assertThat(call.status()).isEqualTo("completed");
                            });
            assertThat(result.usage().inputTokens()).isEqualTo(200);
            assertThat(result.usage().cachedInputTokens()).isEqualTo(80);
            assertThat(result.usage().outputTokens()).isEqualTo(20);
            assertThat(result.cost().source()).isEqualTo("unknown");
            assertThat(result.agent().version()).isEqualTo("0.169.0");
            assertThat(result.agent().matches()).isTrue();
            assertThat(result.confinement().mechanism()).isEqualTo("codex_permission_profile");
            assertThat(result.confinement().hidden()).contains(state.root().toString());
            // The prompt went on stdin and is on file; it is not in codex's argv.
            assertThat(Files.readString(Path.of(result.files().prompt())))
                    .isEqualTo("Call the echo tool.");
            JsonNode trajectory =
                    Json.MAPPER.readTree(Path.of(result.files().trajectory()).toFile());
            assertThat(trajectory.path("schema_version").asText()).isEqualTo("ATIF-v1.4");
            assertThat(trajectory.path("session_id").asText()).isEqualTo(result.sessionId());
            assertThat(trajectory.at("/steps/0/message").asText()).isEqualTo("Call the echo tool.");
            assertThat(trajectory.path("steps").toString()).contains("mcp__good__echo");
            assertThat(trajectory.at("/final_metrics/total_prompt_tokens").asLong()).isEqualTo(200);
            JsonNode saved =
                    Json.MAPPER.readTree(
                            state.root()
                                    .resolve("runs/r1/iterations/1/attempt.result.json")
                                    .toFile());
            assertThat(saved.path("status").asText()).isEqualTo("completed");
        }
        List<JsonNode> log = Files2.jsonLines(state.callLog());
        assertThat(log)
                .singleElement()
                .satisfies(
                        event -> {
                            assertThat(event.path("server").asText()).isEqualTo("good");
                            assertThat(event.path("tool_name").asText()).isEqualTo("echo");
                            assertThat(event.path("run_id").asText()).isEqualTo("r1");
                            assertThat(event.path("iteration").asText()).isEqualTo("1");
                            assertThat(event.path("phase").asText()).isEqualTo("attempt");
                        });
    }

    @Test
    void throughTheLauncherTheCallIsServedByThePhasesProxyHost() throws Exception {
        // As installed (the launcher beside the jar): codex starts bin/harnessgym, which hands the
        // session to the host the runner keeps for the phase, in this JVM.
        launcher =
                new ProxyLauncher(Path.of("bin/harnessgym").toAbsolutePath().toString(), List.of());
        try (ScriptedResponses model = echoModel()) {
            PhaseResult result = completedEchoAttempt();
            assertThat(result.warnings()).noneMatch(w -> w.contains("not served"));
        }
        assertThat(Files2.jsonLines(state.callLog()))
                .singleElement()
                .satisfies(
                        event -> {
                            assertThat(event.path("tool_name").asText()).isEqualTo("echo");
                            assertThat(event.path("phase").asText()).isEqualTo("attempt");
                            assertThat(event.path("proxy_pid").asLong())
                                    .as("written by the host in this JVM, not a proxy JVM")
                                    .isEqualTo(ProcessHandle.current().pid());
                        });
        assertThat(state.root().resolve(io.harnessgym.mcp.proxy.ProxyHost.DIR))
                .as("the host closed with the phase")
                .doesNotExist();
    }

    @Test
    void aResumedSessionKeepsItsIdAndSeesTheHistory() throws Exception {
        try (ScriptedResponses model = model(List.of(new ScriptedResponses.Text("first answer")))) {
            PhaseResult first =
                    run(Phase.ATTEMPT, "FIRST-PROMPT-MARKER", null, Duration.ofMinutes(3));
            assertThat(first.completed()).as(first.reason()).isTrue();

            PhaseResult second =
                    run(
                            Phase.REFLECT,
                            "What tool did you miss?",
                            first.sessionId(),
                            Duration.ofMinutes(3));

            assertThat(second.completed()).as(second.reason()).isTrue();
            assertThat(second.sessionId()).isEqualTo(first.sessionId());
            JsonNode last = model.requests.get(model.requests.size() - 1);
            assertThat(last.path("input").toString())
                    .contains("FIRST-PROMPT-MARKER", "What tool did you miss?", "first answer");
        }
    }

    @Test
    void resumingWithoutASessionIsAnErrorNotACrash() {
        PhaseResult result = run(Phase.BUILD, "build it", null, Duration.ofMinutes(1));
        assertThat(result.status().id()).isEqualTo("error");
        assertThat(result.reason()).contains("no Codex session id");
    }

    @Test
    void anApiErrorIsAFailedPhaseWithTheReason() throws Exception {
        try (ScriptedResponses model = model(List.of(new ScriptedResponses.Fail(500)))) {
            PhaseResult result = run(Phase.ATTEMPT, "hello", null, Duration.ofMinutes(3));

            assertThat(result.status().id()).isEqualTo("failed");
            assertThat(result.reason()).isNotBlank();
            assertThat(result.exitCode()).isNotZero();
        }
    }

    @Test
    void aHungModelIsATimeoutAndCodexIsGoneAfterwards() throws Exception {
        try (ScriptedResponses model = model(List.of(new ScriptedResponses.Hang()))) {
            long before = System.nanoTime();
            PhaseResult result = run(Phase.ATTEMPT, "hello", null, Duration.ofSeconds(8));

            assertThat(result.status().id()).isEqualTo("timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - before))
                    .isLessThan(Duration.ofSeconds(60));
            assertThat(codexProcesses()).isEmpty();
        }
    }

    /** The rule: the agent's shell and an MCP server it built cannot write the evidence. */
    @Test
    void neitherTheShellNorAnAgentBuiltServerCanWriteTheEvidence() throws Exception {
        Path registry = ws.resolve(".harnessgym/registry.json");
        Path callLog = state.callLog();
        Path stateFile = state.root().resolve("forged.txt");
        Path codexConfig = codexHome.resolve("config.toml");
        List<ScriptedResponses.Step> attempt = new ArrayList<>();
        for (String target :
                List.of(
                        ws.resolve("src-ok.txt").toString(),
                        ws.resolve(".harnessgym/x.txt").toString(),
                        registry.toString(),
                        ws.resolve(".git/x.txt").toString(),
                        stateFile.toString(),
                        callLog.toString(),
                        codexConfig.toString(),
                        ws.resolve(".harnessgym/skills/attempt.txt").toString())) {
            attempt.add(
                    new ScriptedResponses.Shell(
                            "mkdir -p \"$(dirname '"
                                    + target
                                    + "')\"; echo forged >> '"
                                    + target
                                    + "'"));
        }
        attempt.add(new ScriptedResponses.Shell("mv .harnessgym .hg-moved"));
        // Codex's file tool: an apply_patch through the shell is run by Codex itself.
        for (String target :
                List.of("src-patched.txt", ".harnessgym/patched.txt", ".git/patched.txt")) {
            attempt.add(
                    new ScriptedResponses.Shell(
                            "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: "
                                    + target
                                    + "\n+forged\n*** End Patch\nEOF"));
        }
        attempt.add(
                new ScriptedResponses.Shell("ln -s " + callLog + " link && echo forged >> link"));
        attempt.add(
                new ScriptedResponses.Mcp(
                        "mcp__good",
                        "write",
                        Json.compact(
                                Json.object()
                                        .put("path", callLog.toString())
                                        .put("content", "{\"forged\":1}\n"))));
        attempt.add(
                new ScriptedResponses.Mcp(
                        "mcp__good",
                        "write",
                        Json.compact(
                                Json.object()
                                        .put("path", registry.toString())
                                        .put("content", "forged"))));
        attempt.add(new ScriptedResponses.Text("tried"));
        List<ScriptedResponses.Step> steps = new ArrayList<>(attempt);
        steps.add(new ScriptedResponses.Shell("echo built > .harnessgym/skills/built.txt"));
        steps.add(new ScriptedResponses.Shell("echo forged >> .harnessgym/registry.json"));
        steps.add(new ScriptedResponses.Text("built"));
        // Activation first, so the evidence it writes is the baseline.
        run(Phase.BUILD, "warm-up", null, Duration.ofSeconds(5));
        String registryBefore = Files.readString(registry);
        String logBefore = Files.exists(callLog) ? Files.readString(callLog) : "";
        String configBefore;
        try (ScriptedResponses model = model(steps)) {
            configBefore = Files.readString(codexConfig);
            PhaseResult first = run(Phase.ATTEMPT, "attack", null, Duration.ofMinutes(4));
            assertThat(first.completed())
                    .as(first.reason() + Files.readString(Path.of(first.files().stderr())))
                    .isTrue();
            PhaseResult build = run(Phase.BUILD, "build", first.sessionId(), Duration.ofMinutes(3));
            assertThat(build.completed()).as(build.reason()).isTrue();
            assertThat(build.confinement().writable())
                    .contains(ws.resolve(".harnessgym/skills").toString());
            // Every attack was made: the model got an answer to each of its calls.
            assertThat(model.everythingSent()).contains("Device or resource busy");
            assertThat(first.toolCalls()).filteredOn(c -> c.kind().equals("mcp")).hasSize(2);
        }
        assertThat(ws.resolve("src-ok.txt")).exists();
        assertThat(ws.resolve("src-patched.txt")).hasContent("forged\n");
        assertThat(ws.resolve(".harnessgym/patched.txt")).doesNotExist();
        assertThat(ws.resolve(".git/patched.txt")).doesNotExist();
        assertThat(ws.resolve(".harnessgym/x.txt")).doesNotExist();
        assertThat(ws.resolve(".harnessgym/skills/attempt.txt")).doesNotExist();
        assertThat(ws.resolve(".git/x.txt")).doesNotExist();
        assertThat(stateFile).doesNotExist();
        assertThat(Files.readString(codexConfig)).isEqualTo(configBefore);
        assertThat(ws.resolve(".hg-moved")).doesNotExist();
        assertThat(ws.resolve(".harnessgym/skills/built.txt")).hasContent("built");
        String log = Files.readString(callLog).substring(logBefore.length());
        if (log.lines().anyMatch(line -> line.contains("\"sandbox\":\"none\""))) {
            // Without bubblewrap the server is unconfined (docs/trust.md): what it wrote may stand,
            // and the records of its calls say so. They say it only where bubblewrap cannot run.
            assertThat(Sandbox.detect(TestState.env())).isInstanceOf(Sandbox.None.class);
            return;
        }
        assertThat(Files.readString(registry)).isEqualTo(registryBefore);
        // The log holds exactly the proxy's two records of the write calls, nothing forged.
        assertThat(log).doesNotContain("forged");
        assertThat(
                        log.lines()
                                .map(
                                        line -> {
                                            try {
                                                return Json.MAPPER.readTree(line);
                                            } catch (Exception e) {
                                                throw new AssertionError(line);
                                            }
                                        }))
                .hasSize(2)
                .allSatisfy(
                        event -> {
                            assertThat(event.path("tool_name").asText()).isEqualTo("write");
                            assertThat(event.path("sandbox").asText()).isEqualTo("bubblewrap");
                        });
    }

    private static List<ProcessHandle> codexProcesses() {
        return ProcessHandle.allProcesses()
                .filter(
                        p ->
                                p.info().commandLine().orElse("").contains("codex")
                                        && p.info().commandLine().orElse("").contains("npm-tools"))
                .toList();
    }
}
