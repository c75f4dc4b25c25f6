package io.harnessgym.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator phase: a fresh session that reads the holdout and whose verdict is only its own;
 * its edits are caught by the same diff, void its verdict and never reach the scorer.
 */
class EvaluatorTest {
    @TempDir Path dir;
    Path ws;
    StateDir state;

    private static final String TASK =
            "# Fix the adder\n\nFix `Calc.add`.\n\n## Expected Behavior\n\nEVAL-SECRET-9: add(2, 3) is 5.\n";

    @BeforeEach
    void setUp() throws Exception {
        ws = Files2.copyTree(Path.of("examples/bugfix-java"), dir.resolve("ws")).toRealPath();
        state = TestState.of(ws);
    }

    private Orchestrator.Outcome run(String runId, String evaluate) throws Exception {
        Path script = dir.resolve(runId + ".json");
        Files.writeString(
                script,
                "{\"version\": 1, \"phases\": {\"attempt\": ["
                        + "{\"do\": \"patch\", \"path\": \"src/Calc.java\", \"find\": \"a - b\","
                        + " \"replace\": \"a + b\"},"
                        + "{\"do\": \"result\", \"fields\": {\"status\": \"solved\"}}],"
                        + " \"evaluate\": ["
                        + evaluate
                        + "]}}");
        ScriptedRuns runs = new ScriptedRuns(ws, state, dir, script);
        return runs.orchestrator()
                .evaluator(runs.runner())
                .run(
                        runs.config(runId, 1).evaluator(RunnerKind.SCRIPTED, 300).build(),
                        TASK,
                        runs.runner());
    }

    private JsonNode result(String runId) throws Exception {
        return Json.MAPPER.readTree(
                state.root().resolve("runs/" + runId + "/iterations/1/result.json").toFile());
    }

    @Test
    void theEvaluatorReadsTheHoldoutAndItsVerdictIsItsOwnNeverHarnessgyms() throws Exception {
        Orchestrator.Outcome outcome =
                run(
                        "judged",
                        "{\"do\": \"result\", \"fields\": {\"status\": \"failed\","
                                + " \"reasons\": [\"I disagree\"], \"solved\": true}}");

        // harnessgym's verdict: the check passed.
        assertThat(outcome.solved()).isTrue();
        JsonNode first = result("judged");
        assertThat(first.path("verified").asBoolean()).isTrue();
        // The evaluator's, beside it, in its own record and file.
        JsonNode evaluation = first.path("evaluation");
        assertThat(evaluation.path("passed").asBoolean(true)).isFalse();
        assertThat(evaluation.path("voided").asBoolean()).isFalse();
        assertThat(evaluation.at("/verdict/reasons/0").asText()).isEqualTo("I disagree");
        assertThat(first.path("claims").has("evaluate")).isFalse();
        Path itDir = state.root().resolve("runs/judged/iterations/1");
        assertThat(Json.MAPPER.readTree(itDir.resolve("evaluation.json").toFile()))
                .isEqualTo(evaluation);
        // Only the evaluator is given the holdout.
        assertThat(Files.readString(itDir.resolve("evaluate.prompt.txt")))
                .contains("EVAL-SECRET-9");
        assertThat(Files.readString(itDir.resolve("attempt.prompt.txt")))
                .doesNotContain("EVAL-SECRET-9");
        assertThat(first.path("steps").path("evaluate").asText()).isEqualTo("done");
    }

    @Test
    void anEvaluatorThatEditsTheDeliverablesIsVoidedAndTheAttemptsTreeIsScored() throws Exception {
        // The evaluator puts the bug back (to fail the attempt) and says it passed.
        Orchestrator.Outcome outcome =
                run(
                        "meddling",
                        "{\"do\": \"patch\", \"path\": \"src/Calc.java\", \"find\": \"a + b\","
                                + " \"replace\": \"a - b\"},"
                                + "{\"do\": \"write\", \"path\": \"notes.txt\", \"content\": \"x\"},"
                                + "{\"do\": \"result\", \"fields\": {\"status\": \"passed\"}}");

        JsonNode evaluation = result("meddling").path("evaluation");
        assertThat(evaluation.path("voided").asBoolean()).isTrue();
        assertThat(evaluation.path("edits").toString())
                .contains("~ src/Calc.java")
                .contains("+ notes.txt");
        // The workspace was put back before the check: the attempt's fix is what was scored.
        assertThat(outcome.solved()).isTrue();
        assertThat(Files.readString(ws.resolve("src/Calc.java"))).contains("a + b");
        assertThat(ws.resolve("notes.txt")).doesNotExist();
        // Its edits are not the attempt's: no penalty, the contract is clean.
        assertThat(result("meddling").path("penalties")).isEmpty();
    }

    @Test
    void runTakesTheEvaluatorFromItsFlagsAndRefusesAnUnknownRunner() throws Exception {
        List<String> args =
                List.of(
                        "run",
                        "--runner",
                        "fake",
                        "--evaluator-runner",
                        "scripted",
                        "--task-text",
                        TASK,
                        "--workspace",
                        ws.toString(),
                        "--state-dir",
                        state.root().toString(),
                        "--post-attempt-command",
                        "sh check/run.sh",
                        "--protect",
                        "check",
                        "--iterations",
                        "1",
                        "--run-id",
                        "flags");
        io.harnessgym.testing.CliRun run =
                io.harnessgym.testing.CliRun.run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isIn(0, 1);
        JsonNode config =
                Json.MAPPER.readTree(state.root().resolve("runs/flags/run_config.json").toFile());
        assertThat(config.at("/evaluator/runner").asText()).isEqualTo("scripted");
        assertThat(config.at("/evaluator/timeout_seconds").asLong()).isEqualTo(600);
        assertThat(result("flags").path("evaluation").path("runner").asText())
                .isEqualTo("scripted");

        List<String> bad = new java.util.ArrayList<>(args);
        bad.set(bad.indexOf("scripted"), "nope");
        bad.set(bad.indexOf("flags"), "flags2");
        io.harnessgym.testing.CliRun refused =
                io.harnessgym.testing.CliRun.run(bad.toArray(String[]::new));
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("unknown runner 'nope'").doesNotContain("\tat ");
    }
}
