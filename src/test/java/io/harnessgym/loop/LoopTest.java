package io.harnessgym.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop with the scripted agent on the bundled bug-fix example. */
class LoopTest {
    @TempDir Path dir;
    Path ws;
    StateDir state;

    @BeforeEach
    void setUp() throws Exception {
        ws = dir.resolve("ws");
        Files2.copyTree(Path.of("examples/bugfix-java"), ws);
        ws = ws.toRealPath();
        state = TestState.of(ws);
    }

    private Orchestrator.Outcome run(String runId, Path script, int iterations) throws Exception {
        return run(runId, script, iterations, Files.readString(ws.resolve("task.md")));
    }

    private Orchestrator.Outcome run(String runId, Path script, int iterations, String task)
            throws Exception {
        ScriptedRuns runs = new ScriptedRuns(ws, state, dir, script);
        return runs.orchestrator().run(runs.config(runId, iterations).build(), task, runs.runner());
    }

    private JsonNode result(String runId, int n) throws Exception {
        return Json.MAPPER.readTree(
                state.root()
                        .resolve("runs/" + runId + "/iterations/" + n + "/result.json")
                        .toFile());
    }

    @Test
    void theDemoFailsBuildsAToolThatQualifiesThenUsesItAndSolves() throws Exception {
        Orchestrator.Outcome outcome = run("demo", null, 3);

        assertThat(outcome.solved()).isTrue();
        assertThat(outcome.stopReason()).contains("solved");
        assertThat(outcome.bestScore()).isEqualTo(5.0);
        JsonNode first = result("demo", 1);
        assertThat(first.path("status").asText()).isEqualTo("tooling_built");
        assertThat(first.at("/measured/passed").asBoolean()).isFalse();
        assertThat(first.at("/claims/attempt/status").asText()).isEqualTo("blocked");
        assertThat(first.at("/qualification/passed").toString())
                .contains("mcp:.harnessgym/mcp/task_probe");
        JsonNode second = result("demo", 2);
        assertThat(second.path("solved").asBoolean()).isTrue();
        assertThat(second.at("/harness_usage/mcp_calls_by_phase/attempt").asInt()).isEqualTo(1);
        assertThat(second.at("/harness_usage/attempt_tools").toString())
                .contains("task_probe/probe");
        assertThat(second.at("/harness_usage/logged_not_reported")).isEmpty();
        assertThat(second.at("/harness_usage/reported_not_logged")).isEmpty();
        assertThat(Files2.jsonLines(state.callLog()))
                .singleElement()
                .satisfies(
                        call -> {
                            assertThat(call.path("run_id").asText()).isEqualTo("demo");
                            assertThat(call.path("iteration").asText()).isEqualTo("2");
                            assertThat(call.path("phase").asText()).isEqualTo("attempt");
                        });
        JsonNode summary = Json.MAPPER.readTree(outcome.summaryFile().toFile());
        assertThat(summary.path("iterations")).hasSize(2);
        assertThat(summary.path("false_claims").asInt()).isZero();
        assertThat(ws.resolve(".harnessgym/runs/demo/summary.json")).exists();
        assertThat(ws.resolve("harnessgym-result.json")).doesNotExist();
    }

    @Test
    void anAgentThatRewritesTheScorerAndClaimsSuccessIsMeasuredFailingAndCaught() throws Exception {
        Path script = dir.resolve("cheat.json");
        var cheat = Json.object();
        cheat.put("version", 1);
        var attempt = cheat.putObject("phases").putArray("attempt");
        attempt.addObject()
                .put("do", "write")
                .put("path", "check/Check.java")
                .put(
                        "content",
                        "public class Check { public static void main(String[] a) {"
                                + " System.out.println(\"{\\\"status\\\": \\\"passed\\\", \\\"score\\\": 5}\"); } }");
        attempt.addObject()
                .put("do", "result")
                .putObject("fields")
                .put("status", "solved")
                .put("verified", true)
                .put("score", 5);
        Files.writeString(script, Json.pretty(cheat));

        Orchestrator.Outcome outcome = run("cheat", script, 1);

        assertThat(outcome.solved()).isFalse();
        JsonNode first = result("cheat", 1);
        assertThat(first.at("/measured/passed").asBoolean()).isFalse();
        assertThat(first.at("/measured/score").asDouble()).isEqualTo(1.0);
        assertThat(first.path("false_claims").toString())
                .contains("claimed the task solved", "claimed score 5.0");
        // The live workspace keeps the agent's edit; only the scoring room had the baseline's
        // scorer. The edit itself makes the attempt invalid.
        assertThat(Files.readString(ws.resolve("check/Check.java"))).contains("passed");
        assertThat(first.at("/contract/protected_edits").toString()).contains("~ check/Check.java");
        assertThat(first.at("/contract/valid").asBoolean()).isFalse();
    }

    @Test
    void aPassingAttemptThatTouchesAProtectedPathIsInvalidAndOutOfScopeEditsAreRecorded()
            throws Exception {
        Path script = dir.resolve("scope.json");
        Files.writeString(
                script,
                "{\"version\": 1, \"phases\": {\"attempt\": ["
                        + "{\"do\": \"patch\", \"path\": \"src/Calc.java\", \"find\": \"return a - b;\","
                        + " \"replace\": \"return a + b;\"},"
                        + "{\"do\": \"write\", \"path\": \"srcx/notes.txt\", \"content\": \"n\"},"
                        + "{\"do\": \"write\", \"path\": \"check/fixture.txt\", \"content\": \"f\"}]}}");
        String task = "---\nscope: [src]\n---\n" + Files.readString(ws.resolve("task.md"));

        Orchestrator.Outcome outcome = run("scope", script, 1, task);

        JsonNode first = result("scope", 1);
        assertThat(first.at("/measured/passed").asBoolean()).as(first.toString()).isTrue();
        assertThat(first.path("verified").asBoolean()).isFalse();
        assertThat(outcome.solved()).isFalse();
        assertThat(first.path("score").isNull()).isTrue();
        assertThat(first.at("/contract/protected_edits").toString())
                .isEqualTo("[\"+ check/fixture.txt\"]");
        assertThat(first.at("/contract/out_of_scope").toString())
                .contains("+ srcx/notes.txt", "+ check/fixture.txt")
                .doesNotContain("src/Calc.java");
        JsonNode summary = Json.MAPPER.readTree(outcome.summaryFile().toFile());
        assertThat(summary.path("invalid_attempts").asInt()).isEqualTo(1);
        assertThat(summary.at("/iterations/0/contract/valid").asBoolean()).isFalse();
    }

    @Test
    void scopeAndProtectedPathsMatchWholeSegmentsAndGlobs() {
        assertThat(io.harnessgym.task.PathPatterns.covers("src/foo", "src/foo/x.py")).isTrue();
        assertThat(io.harnessgym.task.PathPatterns.covers("src/foo", "src/foo")).isTrue();
        assertThat(io.harnessgym.task.PathPatterns.covers("src/foo", "src/foobar")).isFalse();
        assertThat(io.harnessgym.task.PathPatterns.covers("src/foo/", "src/foobar/x")).isFalse();
        assertThat(io.harnessgym.task.PathPatterns.covers("src/*", "src/a/b/c")).isTrue();
        assertThat(io.harnessgym.task.PathPatterns.covers("*.md", "README.md")).isTrue();
        assertThat(io.harnessgym.task.PathPatterns.covers("*.md", "docs/README.md")).isFalse();
        assertThat(
                        io.harnessgym.task.PathPatterns.covers(
                                "tests/**/fixtures", "tests/a/b/fixtures/x"))
                .isTrue();
    }

    @Test
    void aCorruptOrHugeClaimIsRecordedAndTheRunGoesOn() throws Exception {
        Path script = dir.resolve("garbage.json");
        Files.writeString(
                script,
                "{\"version\": 1, \"phases\": {\"attempt\": [{\"do\": \"write\", \"path\": \"harnessgym-result.json\", \"content\": \"{not json\"}],"
                        + " \"reflect\": [{\"do\": \"write\", \"path\": \"harnessgym-result.json\", \"content\": \""
                        + "x".repeat(10)
                        + "\"}]}}");

        Orchestrator.Outcome outcome = run("garbage", script, 1);

        assertThat(outcome.status()).isEqualTo("exhausted");
        JsonNode first = result("garbage", 1);
        assertThat(first.path("claims_problem").asText())
                .contains("attempt: harnessgym-result.json is not valid JSON", "reflect:");
        assertThat(first.at("/steps/qualify").asText()).isEqualTo("done");
    }
}
