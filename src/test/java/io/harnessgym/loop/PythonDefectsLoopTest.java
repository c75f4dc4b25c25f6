package io.harnessgym.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.runner.all.Runners;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import io.harnessgym.workspace.WorkspaceLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Python tool's loop defects, one test each: none of them reproduces. */
class PythonDefectsLoopTest {
    @TempDir Path dir;
    Path ws;
    StateDir state;

    @BeforeEach
    void setUp() throws Exception {
        ws = Files2.copyTree(Path.of("examples/bugfix-java"), dir.resolve("ws")).toRealPath();
        state = TestState.of(ws);
    }

    private Orchestrator.Outcome run(
            String id, String post, Double stop, boolean buildAfterSolve, Path script, int n) {
        Map<String, String> env = new HashMap<>(TestState.env());
        env.put("HARNESSGYM_AGENT_DIR", dir.resolve("agent").toString());
        RunnerContext.Options options = RunnerContext.Options.defaults().withScript(script);
        RunConfig config =
                RunConfig.builder(id)
                        .task(null, "sha256:x")
                        .iterations(n)
                        .runner(RunnerKind.SCRIPTED, options)
                        .attemptTimeout(300, List.of())
                        .reflectionTimeout(300)
                        .buildTimeout(300)
                        .postAttempt(post, List.of("check"), 120)
                        .score("score", stop, false)
                        .buildAfterSolve(buildAfterSolve)
                        .build();
        return new Orchestrator(Workspace.open(ws), state, env, ProxyLauncher.current())
                .run(
                        config,
                        "the task",
                        Runners.create(
                                RunnerKind.SCRIPTED,
                                new RunnerContext(
                                        Workspace.open(ws),
                                        state,
                                        env,
                                        ProxyLauncher.current(),
                                        options)));
    }

    private Path script(String json) throws Exception {
        Path file = dir.resolve("script-" + System.nanoTime() + ".json");
        Files.writeString(file, json);
        return file;
    }

    private JsonNode result(String id, int n) throws Exception {
        return Json.MAPPER.readTree(
                state.root().resolve("runs/" + id + "/iterations/" + n + "/result.json").toFile());
    }

    /**
     * B1: a post command that exits 0 but says failed, with a score at the stop score, is not a
     * solve.
     */
    @Test
    void b1AFailedVerificationIsNeverASolveNorAStopScore() throws Exception {
        Orchestrator.Outcome outcome =
                run(
                        "b1",
                        "echo '{\"status\": \"failed\", \"score\": 1}'",
                        1.0,
                        false,
                        script("{\"version\": 1, \"phases\": {}}"),
                        2);

        assertThat(outcome.solved()).isFalse();
        assertThat(outcome.bestScore()).isNull();
        assertThat(outcome.status()).isEqualTo("exhausted");
        assertThat(result("b1", 1).at("/measured/score").asDouble()).isEqualTo(1.0);
        assertThat(result("b1", 1).path("solved").asBoolean()).isFalse();
    }

    /**
     * B2: the agent's own top-level score never outranks the measurement; NaN and booleans are no
     * scores.
     */
    @Test
    void b2TheAgentsScoreIsAClaimAndNonNumbersAreNoScores() throws Exception {
        Orchestrator.Outcome outcome =
                run(
                        "b2",
                        "echo '{\"status\": \"passed\", \"score\": true}'",
                        0.0,
                        false,
                        script(
                                "{\"version\": 1, \"phases\": {\"attempt\": [{\"do\": \"result\", \"fields\": {\"score\": 0}}]}}"),
                        1);

        assertThat(outcome.bestScore()).isNull();
        assertThat(result("b2", 1).at("/measured/score").isNull()).isTrue();
        assertThat(result("b2", 1).path("false_claims").toString()).contains("claimed score 0.0");
        assertThat(Score.score(Json.MAPPER.readTree("{\"score\": \"NaN\"}"), "score")).isNull();
    }

    /** B10: tool calls are counted per run, iteration and phase; another run's never count. */
    @Test
    void b10CallsAreCountedPerIterationAndPhase() throws Exception {
        Files.writeString(
                state.ensure().resolve("mcp_calls.jsonl"),
                "{\"run_id\": \"other\", \"iteration\": \"2\", \"phase\": \"attempt\", \"server\": \"task_probe\", \"tool_name\": \"probe\", \"status\": \"completed\"}\n");
        run("b10", "sh check/run.sh", null, false, null, 3);

        JsonNode second = result("b10", 2);
        assertThat(second.at("/harness_usage/mcp_calls_by_phase/attempt").asInt()).isEqualTo(1);
        assertThat(result("b10", 1).at("/harness_usage/mcp_calls_by_phase").isEmpty()).isTrue();
    }

    /**
     * B13: build-after-solve is honoured also when the stop score is reached, and the run then
     * stops.
     */
    @Test
    void b13BuildAfterSolveBuildsEvenWhenTheStopScoreIsReached() throws Exception {
        Orchestrator.Outcome outcome =
                run("b13", "echo '{\"status\": \"passed\", \"score\": 0}'", 0.0, true, null, 3);

        assertThat(outcome.solved()).isTrue();
        assertThat(outcome.stopReason()).contains("stop score", "tools built after it");
        JsonNode first = result("b13", 1);
        assertThat(first.at("/steps/build").asText()).isEqualTo("done");
        assertThat(state.root().resolve("runs/b13/iterations/2")).doesNotExist();
    }

    /** R5: one run per workspace at a time; R12: a run id is never reused. */
    @Test
    void r5AndR12OneRunAtATimeAndNoRunIdReused() throws Exception {
        try (WorkspaceLock lock = WorkspaceLock.acquire(Workspace.open(ws), "another run")) {
            Assertions.assertThatThrownBy(() -> run("r5", null, null, false, null, 1))
                    .hasMessageContaining("another run");
        }
        run("r12", null, null, false, script("{\"version\": 1, \"phases\": {}}"), 1);
        Assertions.assertThatThrownBy(() -> run("r12", null, null, false, null, 1))
                .hasMessageContaining("exists already");
    }
}
