package io.harnessgym.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.process.Sandbox;
import io.harnessgym.runner.all.Runners;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command runner with small harness scripts: the contract, confinement, and bad harnesses. */
class CommandRunnerTest {
    @TempDir Path dir;
    Path ws;
    Path harness;
    StateDir state;

    @BeforeEach
    void setUp() throws Exception {
        ws = Files.createDirectories(dir.resolve("ws")).toRealPath();
        Files.createDirectories(ws.resolve(".harnessgym/skills"));
        Files.writeString(
                ws.resolve(".harnessgym/registry.json"), "{\"version\": 1, \"artifacts\": []}\n");
        Files.createDirectories(ws.resolve(".git"));
        harness = Files.createDirectories(dir.resolve("harness"));
        Files.writeString(harness.resolve("system.md"), "You are a careful agent.");
        state = TestState.of(ws);
        state.ensure();
    }

    private void harness(String script) throws Exception {
        Path agent = harness.resolve("agent.sh");
        Files.writeString(agent, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(
                harness.resolve("harness.json"),
                "{\"version\": 1, \"defaultModel\": \"m-1\", \"promptFiles\": [\"system.md\"],"
                        + " \"local\": {\"command\": \"./agent.sh\", \"args\": [\"--flag\"], \"env\": {\"EXTRA\": \"yes\"}}}");
    }

    private PhaseResult run(Phase phase, String prompt, String session, Duration timeout) {
        Map<String, String> env = new HashMap<>(TestState.env());
        env.put("HARNESSGYM_AGENT_DIR", dir.resolve("agent").toString());
        RunnerContext context =
                new RunnerContext(
                        Workspace.open(ws),
                        state,
                        env,
                        ProxyLauncher.current(),
                        RunnerContext.Options.defaults().withHarness(harness));
        return Runners.create(RunnerKind.COMMAND, context)
                .run(
                        new PhaseRequest(
                                phase,
                                prompt,
                                session,
                                state.root().resolve("runs/h/1"),
                                timeout,
                                new PhaseRequest.RunScope("h", "1", "t0"),
                                null));
    }

    @Test
    void theHarnessGetsTheContractAndItsAnswerAndClaimsAreRecorded() throws Exception {
        harness(
                """
                task=$(cat)
                printf '%s' "$AGENT_TASK" > "$HARNESSGYM_WORKSPACE/seen-task.txt"
                [ "$task" = "$AGENT_TASK" ] || exit 9
                echo "$1 $EXTRA $AGENT_MODEL $HARNESSGYM_PHASE $HARNESSGYM_RUN_ID $HARNESSGYM_ITERATION $HARNESSGYM_TRIAL [$HARNESSGYM_SESSION_ID]" > "$HARNESSGYM_WORKSPACE/seen-env.txt"
                echo '{"input_tokens": 120, "output_tokens": 30, "cached_tokens": 20, "cost_usd": 0.01}' > "$AGENT_METRICS_FILE"
                echo '{"steps": [{"text": "looking", "tool_calls": [{"name": "grep", "arguments": {"q": "x"}, "result": "found"}]}]}' > "$AGENT_TRACE_FILE"
                echo 'some log line'
                echo '{"text": "finished", "session_id": "sess-42"}'
                """);

        PhaseResult result = run(Phase.ATTEMPT, "Fix the bug.", null, Duration.ofSeconds(60));

        assertThat(result.completed()).as(result.reason() + result.warnings()).isTrue();
        assertThat(result.sessionId()).isEqualTo("sess-42");
        assertThat(result.finalMessage()).isEqualTo("finished");
        assertThat(Files.readString(ws.resolve("seen-task.txt")))
                .isEqualTo("You are a careful agent.\n\n---\n\nFix the bug.");
        assertThat(Files.readString(ws.resolve("seen-env.txt")).strip())
                .isEqualTo("--flag yes m-1 attempt h 1 t0 []");
        assertThat(result.usage()).isEqualTo(new Usage(120, 30, 20));
        assertThat(result.cost().source()).isEqualTo("reported");
        assertThat(result.toolCalls()).extracting(ToolCall::name).containsExactly("grep");
        JsonNode trajectory = Json.MAPPER.readTree(Path.of(result.files().trajectory()).toFile());
        assertThat(trajectory.path("steps").toString())
                .contains("Fix the bug.", "looking", "grep", "finished");
        assertThat(Files.readString(Path.of(result.files().prompt())))
                .startsWith("You are a careful agent.");
    }

    @Test
    void theHarnessCannotWriteTheEvidenceAndOnlyKindFoldersOutsideTheAttempt() throws Exception {
        Assumptions.assumeTrue(
                Sandbox.detect(TestState.env()) instanceof Sandbox.Bubblewrap, "needs bubblewrap");
        Path log = state.callLog();
        Files.writeString(log, "");
        Files.writeString(state.root().resolve("secret.txt"), "evidence");
        harness(
                "cd \"$HARNESSGYM_WORKSPACE\"\n"
                        + "for t in ok.txt .harnessgym/registry.json .harnessgym/x .harnessgym/skills/s.txt .git/x '"
                        + log
                        + "' '"
                        + state.root().resolve("forged")
                        + "'; do echo forged >> \"$t\" 2>/dev/null; done\n"
                        + "mv .harnessgym .moved 2>/dev/null\n"
                        + "ls '"
                        + state.root()
                        + "' > listing.txt 2>&1\n"
                        + "echo '{\"text\": \"tried\"}'\n");

        PhaseResult attempt = run(Phase.ATTEMPT, "attack", null, Duration.ofSeconds(60));
        assertThat(attempt.completed()).as(attempt.reason()).isTrue();
        assertThat(attempt.confinement().mechanism()).isEqualTo("bubblewrap");
        assertThat(ws.resolve("ok.txt")).exists();
        assertThat(ws.resolve(".harnessgym/skills/s.txt")).doesNotExist();
        // The state directory is an empty scratch folder in there: what was written vanished.
        assertThat(Files.readString(ws.resolve("listing.txt"))).doesNotContain("secret.txt");

        PhaseResult build = run(Phase.BUILD, "attack", "s", Duration.ofSeconds(60));
        assertThat(build.completed()).as(build.reason()).isTrue();
        assertThat(ws.resolve(".harnessgym/skills/s.txt")).hasContent("forged");

        assertThat(Files.readString(ws.resolve(".harnessgym/registry.json")))
                .isEqualTo("{\"version\": 1, \"artifacts\": []}\n");
        assertThat(ws.resolve(".harnessgym/x")).doesNotExist();
        assertThat(ws.resolve(".git/x")).doesNotExist();
        assertThat(ws.resolve(".moved")).doesNotExist();
        assertThat(log).isEmptyFile();
        assertThat(state.root().resolve("forged")).doesNotExist();
    }

    @Test
    void aCrashingHarnessIsAFailedPhaseAndItsGarbageIsHarmless() throws Exception {
        harness("printf '\\377\\376 not json\\n{broken\\n'\necho 'dying' >&2\nexit 3\n");

        PhaseResult result = run(Phase.ATTEMPT, "x", null, Duration.ofSeconds(60));

        assertThat(result.status().id()).isEqualTo("failed");
        assertThat(result.reason()).contains("status 3", "dying");
        assertThat(result.warnings()).anyMatch(w -> w.contains("no final JSON"));
    }

    @Test
    void aHangingHarnessAndItsDetachedChildAreEndedAtTheTimeout() throws Exception {
        String token = "300." + System.nanoTime() % 1_000_000;
        harness(
                "setsid sh -c 'trap \"\" TERM; sleep "
                        + token
                        + "' &\ntrap '' TERM\nsleep "
                        + token
                        + "\n");

        PhaseResult result = run(Phase.ATTEMPT, "x", null, Duration.ofSeconds(3));

        assertThat(result.status().id()).isEqualTo("timeout");
        assertThat(
                        ProcessHandle.allProcesses()
                                .filter(p -> p.info().commandLine().orElse("").contains(token)))
                .isEmpty();
    }

    @Test
    void aGibibyteOnStdoutIsCappedOnDiskAndAMebibytePromptGoesOnStdin() throws Exception {
        harness(
                "wc -c > \"$HARNESSGYM_WORKSPACE/stdin-bytes.txt\"\n"
                        + "[ -z \"$AGENT_TASK\" ] && echo unset > \"$HARNESSGYM_WORKSPACE/task-var.txt\"\n"
                        + "head -c 1073741824 /dev/zero | tr '\\0' 'x'\necho\necho '{\"text\": \"flooded\"}'\n");
        String prompt = "p".repeat(1 << 20);

        PhaseResult result = run(Phase.ATTEMPT, prompt, null, Duration.ofMinutes(3));

        assertThat(result.completed()).as(result.reason()).isTrue();
        assertThat(Files.readString(ws.resolve("stdin-bytes.txt")).strip())
                .isEqualTo(
                        String.valueOf((1 << 20) + "You are a careful agent.\n\n---\n\n".length()));
        assertThat(ws.resolve("task-var.txt")).hasContent("unset\n");
        // The cap and the one-line note saying how much was dropped; the rest only counted.
        assertThat(Files.size(Path.of(result.files().stdout())))
                .isBetween(AgentProcess.MAX_STDOUT, AgentProcess.MAX_STDOUT + 200);
        assertThat(result.warnings()).anyMatch(w -> w.contains("AGENT_TASK_FILE"));
    }

    @Test
    void aBadHarnessIsAnErrorNamingTheFileAndEveryProblem() throws Exception {
        Files.writeString(
                harness.resolve("harness.json"),
                "{\"version\": 2, \"promptFiles\": [\"../x\"], \"local\": {\"args\": \"no\"}}");

        PhaseResult result = run(Phase.ATTEMPT, "x", null, Duration.ofSeconds(10));

        assertThat(result.status().id()).isEqualTo("error");
        assertThat(result.reason())
                .contains(
                        "harness.json",
                        "version must be 1",
                        "promptFiles",
                        "local.command",
                        "local.args");
    }
}
