package io.harnessgym.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.runner.Runner;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.runner.all.Runners;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.FileTrees;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop's modes with the scripted agent: optimization with the best tree restored (and not),
 * task state reset, a per-iteration attempt limit with the timed-out attempt still scored, and what
 * a resume refuses.
 */
class LoopModesTest {
    @TempDir Path dir;
    Path ws;
    StateDir state;
    Map<String, String> env;

    private void example(String name) throws Exception {
        ws = dir.resolve("ws");
        Files2.copyTree(Path.of("examples", name), ws);
        Files.delete(ws.resolve("example.json"));
        if (Files.exists(ws.resolve("script.json"))) {
            Files.move(ws.resolve("script.json"), dir.resolve("script.json"));
        }
        ws = ws.toRealPath();
        state = TestState.of(ws);
        env = new HashMap<>(TestState.env());
        env.put("HARNESSGYM_AGENT_DIR", dir.resolve("agent").toString());
    }

    private RunConfig config(String id, Path script, UnaryOperator<RunConfig.Builder> more) {
        return more.apply(
                        RunConfig.builder(id)
                                .task("task.md", "-")
                                .runner(
                                        RunnerKind.SCRIPTED,
                                        RunnerContext.Options.defaults().withScript(script))
                                .attemptTimeout(300, List.of())
                                .buildTimeout(300)
                                .reflectionTimeout(300)
                                .postAttempt("sh check/run.sh", List.of("check"), 120))
                .build();
    }

    private Orchestrator orchestrator() {
        return new Orchestrator(Workspace.open(ws), state, env, ProxyLauncher.current());
    }

    private Runner runner(RunConfig config) {
        return Runners.create(
                RunnerKind.SCRIPTED,
                new RunnerContext(
                        Workspace.open(ws),
                        state,
                        env,
                        ProxyLauncher.current(),
                        config.runnerOptions()));
    }

    private Orchestrator.Outcome run(RunConfig config) throws Exception {
        return orchestrator().run(config, Files.readString(ws.resolve("task.md")), runner(config));
    }

    private JsonNode json(Path file) throws Exception {
        return Json.MAPPER.readTree(file.toFile());
    }

    private JsonNode summary(String id) throws Exception {
        return json(state.root().resolve("runs/" + id + "/summary.json"));
    }

    @Test
    void optimizationKeepsTheBestVerifiedTreeAndRestoresItAtTheEnd() throws Exception {
        example("optimize-java");
        Orchestrator.Outcome outcome =
                run(
                        config(
                                "opt",
                                dir.resolve("script.json"),
                                b -> b.optimization(true, true).score("score", null, false)));

        JsonNode summary = summary("opt");
        JsonNode opt = summary.path("optimization");
        assertThat(opt.path("baseline_score").asDouble()).isEqualTo(5078.92);
        assertThat(opt.path("best_score").asDouble()).isEqualTo(12.7);
        assertThat(opt.path("improved").asBoolean()).isTrue();
        assertThat(opt.at("/best_checkpoint/iteration").asInt()).isEqualTo(2);
        assertThat(opt.at("/restored/measured/passed").asBoolean()).isTrue();
        assertThat(opt.at("/restored/measured/score").asDouble()).isEqualTo(12.7);
        // Iteration 3 failed the check (a wrong answer): not a checkpoint, and not the tree kept.
        assertThat(summary.at("/iterations/2/verified").asBoolean()).isFalse();
        assertThat(summary.at("/iterations/1/status").asText()).isEqualTo("improved");
        assertThat(Files.readString(ws.resolve("src/Search.java"))).contains("binary search");
        // A pass without a stop score is an improvement, not a solve: all iterations ran.
        assertThat(outcome.status()).isEqualTo("exhausted");
        assertThat(outcome.solved()).isFalse();
        // The restore left the bundle and what is active alone.
        assertThat(ws.resolve(".harnessgym/mcp/dev_bench")).isDirectory();
        assertThat(ws.resolve(".harnessgym/activation.json")).exists();
    }

    @Test
    void withoutRestoreBestTheLastTreeStaysAndTheSummarySaysWhy() throws Exception {
        example("optimize-java");
        run(
                config(
                        "keep",
                        dir.resolve("script.json"),
                        b -> b.optimization(true, false).score("score", null, false)));

        JsonNode opt = summary("keep").path("optimization");
        assertThat(opt.path("restore_reason").asText()).isEqualTo("disabled_by_config");
        assertThat(opt.has("restored")).isFalse();
        assertThat(Files.readString(ws.resolve("src/Search.java"))).contains("one read less");
    }

    @Test
    void aStopScoreReachedByAVerifiedScoreSolvesInOptimizationMode() throws Exception {
        example("optimize-java");
        Orchestrator.Outcome outcome =
                run(
                        config(
                                "target",
                                dir.resolve("script.json"),
                                b -> b.optimization(true, true).score("score", 20.0, false)));

        assertThat(outcome.solved()).isTrue();
        assertThat(outcome.stopReason()).contains("stop score");
        assertThat(summary("target").path("iterations")).hasSize(2);
    }

    @Test
    void taskStateResetPutsTheBaselineBackBeforeLaterAttemptsAndKeepsTheBundle() throws Exception {
        example("bugfix-java");
        Path script = dir.resolve("reset.json");
        Files.writeString(
                script,
                """
                {"version": 1,
                 "iterations": {
                  "1": {"attempt": [
                    {"do": "write", "path": "junk.txt", "content": "left by attempt 1"},
                    {"do": "patch", "path": "src/Calc.java", "find": "return a - b;", "replace": "return a * b;"}]},
                  "2": {"attempt": [
                    {"do": "run", "argv": ["sh", "-c", "test ! -e junk.txt && grep -q 'a - b' src/Calc.java && echo clean > seen.txt"]}]}},
                 "phases": {"build": [{"do": "mcp_server", "name": "kept", "tool": "t", "description": "d", "reply": "r"}]}}
                """);
        run(config("reset", script, b -> b.iterations(2).taskState(RunConfig.TaskState.RESET)));

        assertThat(ws.resolve("junk.txt")).doesNotExist();
        assertThat(Files.readString(ws.resolve("seen.txt"))).isEqualTo("clean\n");
        assertThat(ws.resolve(".harnessgym/mcp/kept")).isDirectory();
        JsonNode second = json(state.root().resolve("runs/reset/iterations/2/result.json"));
        assertThat(second.at("/steps/task-state").asText()).isEqualTo("done");
    }

    @Test
    void aTimedOutAttemptUnderThePerIterationLimitIsStillScored() throws Exception {
        example("bugfix-java");
        Path script = dir.resolve("slow.json");
        Files.writeString(
                script,
                """
                {"version": 1,
                 "iterations": {"1": {"attempt": [
                    {"do": "patch", "path": "src/Calc.java", "find": "return a - b;", "replace": "return a + b;"},
                    {"do": "sleep", "ms": 30000}]}},
                 "phases": {"attempt": [{"do": "result", "fields": {"status": "blocked"}}]}}
                """);
        run(config("slow", script, b -> b.iterations(2).attemptTimeout(300, List.of(2L, 300L))));

        JsonNode first = json(state.root().resolve("runs/slow/iterations/1/result.json"));
        assertThat(first.at("/phases/attempt/status").asText()).isEqualTo("timeout");
        // Scored all the same: the patch the agent made before its limit passes the check.
        assertThat(first.at("/measured/passed").asBoolean()).isTrue();
        assertThat(first.path("status").asText()).isEqualTo("solved");
        assertThat(
                        json(state.root().resolve("runs/slow/run_config.json"))
                                .path("attempt_timeouts_seconds")
                                .toString())
                .isEqualTo("[2,300]");
    }

    @Test
    void aFinishedRunIsNotResumedAndAMissingOneIsNamed() throws Exception {
        example("bugfix-java");
        RunConfig config = config("done", null, b -> b.iterations(2));
        run(config);

        assertThatThrownBy(() -> orchestrator().resume("done", runner(config), false))
                .isInstanceOf(HarnessGymException.class)
                .hasMessageContaining("ended (stopped)");
        assertThatThrownBy(() -> orchestrator().recordedConfig("nope"))
                .hasMessageContaining("no run nope to resume");
    }

    @Test
    void aResumeRefusesAWorkspaceThatChangedAndDiscardsOnlyWhenAskedKeepingTheChanges()
            throws Exception {
        example("bugfix-java");
        RunConfig config = config("cut", null, b -> b.iterations(2));
        run(config);
        // As a signal would have left it: the summary says interrupted, the state is after the
        // first iteration's task-state step, and the attempt had begun editing.
        Path runDir = state.root().resolve("runs/cut");
        var summary =
                (com.fasterxml.jackson.databind.node.ObjectNode)
                        json(runDir.resolve("summary.json"));
        summary.put("status", "interrupted");
        Files.writeString(runDir.resolve("summary.json"), Json.pretty(summary));
        RunState at = RunState.read(runDir);
        String baseline = at.baseline();
        new RunState(
                        1,
                        1,
                        false,
                        null,
                        baseline,
                        baseline,
                        null,
                        null,
                        null,
                        0,
                        0,
                        3,
                        at.bundles(),
                        at.seal())
                .write(runDir);
        Files.writeString(ws.resolve("src/Calc.java"), "half-written by the cut attempt\n");

        assertThatThrownBy(() -> orchestrator().resume("cut", runner(config), false))
                .isInstanceOf(HarnessGymException.class)
                .hasMessageContaining("the workspace changed since run cut stopped")
                .hasMessageContaining("modified src/Calc.java")
                .hasMessageContaining("--discard-changes");
        assertThat(Files.readString(ws.resolve("src/Calc.java")))
                .isEqualTo("half-written by the cut attempt\n");

        Orchestrator.Outcome outcome = orchestrator().resume("cut", runner(config), true);

        assertThat(outcome.solved()).isTrue();
        assertThat(outcome.status()).isEqualTo("stopped");
        List<JsonNode> ledger = Files2.jsonLines(runDir.resolve("ledger.jsonl"));
        JsonNode discard =
                ledger.stream()
                        .filter(l -> l.path("step").asText().equals("resume-discard"))
                        .findFirst()
                        .orElseThrow();
        String kept = discard.at("/figures/kept").asText();
        try (var store = io.harnessgym.snapshot.SnapshotStore.open(Workspace.open(ws), state)) {
            assertThat(store.paths(kept)).contains("src/Calc.java");
        }
        assertThat(ledger).anyMatch(l -> l.path("step").asText().equals("resume"));
    }

    @Test
    void resumeBaselineMismatchRecordsChangedWhileTheRunWasStoppedRefuseTheResume()
            throws Exception {
        example("bugfix-java");
        RunConfig config = config("sealed", null, b -> b.iterations(2));
        run(config);
        Path runDir = state.root().resolve("runs/sealed");
        var summary =
                (com.fasterxml.jackson.databind.node.ObjectNode)
                        json(runDir.resolve("summary.json"));
        summary.put("status", "interrupted");
        Files.writeString(runDir.resolve("summary.json"), Json.pretty(summary));
        assertThat(RunState.read(runDir).seal().files())
                .containsKeys("run_config.json", "task.md", "iterations/1/result.json");

        for (String file :
                List.of("iterations/1/result.json", "ledger.jsonl", "run_config.json", "task.md")) {
            Path target = runDir.resolve(file);
            byte[] original = Files.readAllBytes(target);
            // The same size, one byte different: a forged verdict, a rewritten ledger line.
            byte[] forged = original.clone();
            forged[original.length / 2] ^= 1;
            Files.write(target, forged);
            assertThatThrownBy(() -> orchestrator().resume("sealed", runner(config), false))
                    .as(file)
                    .isInstanceOf(HarnessGymException.class)
                    .hasMessageContaining("records changed while it was stopped")
                    .hasMessageContaining(file + " was changed");
            Files.write(target, original);
        }
        Path ledger = runDir.resolve("ledger.jsonl");
        byte[] original = Files.readAllBytes(ledger);
        Files.write(ledger, java.util.Arrays.copyOf(original, original.length / 2));
        assertThatThrownBy(() -> orchestrator().resume("sealed", runner(config), false))
                .hasMessageContaining("ledger.jsonl was cut short");
        Files.write(ledger, original);
        Files.delete(runDir.resolve("iterations/1/result.json"));
        assertThatThrownBy(() -> orchestrator().resume("sealed", runner(config), false))
                .hasMessageContaining("iterations/1/result.json is gone");
    }

    @Test
    void eachChangeIsRecordedWithItsClaimAndObservedEffectAndTheBestBundleIsKept()
            throws Exception {
        example("optimize-java");
        var script =
                (com.fasterxml.jackson.databind.node.ObjectNode) json(dir.resolve("script.json"));
        // Iteration 3's build adds a server after the best attempt (2): the kept bundle drops it.
        ((com.fasterxml.jackson.databind.node.ObjectNode) script.path("iterations").path("3"))
                .putArray("build")
                .addObject()
                .put("do", "mcp_server")
                .put("name", "late")
                .put("tool", "t")
                .put("description", "built after the best attempt")
                .put("reply", "r");
        Files.writeString(dir.resolve("script.json"), Json.pretty(script));

        run(
                config(
                        "kept",
                        dir.resolve("script.json"),
                        b ->
                                b.optimization(true, true)
                                        .score("score", null, false)
                                        .keepBestBundle(true)));

        JsonNode first = json(state.root().resolve("runs/kept/iterations/1/change_manifest.json"));
        JsonNode server =
                java.util.stream.StreamSupport.stream(first.path("changes").spliterator(), false)
                        .filter(c -> c.path("artifact").asText().equals("mcp/dev_bench"))
                        .findFirst()
                        .orElseThrow();
        assertThat(server.path("qualification").asText()).isEqualTo("passed");
        assertThat(server.path("claimed_target").asText()).contains("compare versions");
        assertThat(server.at("/observed/attempt_calls").asInt()).isEqualTo(1);
        assertThat(server.at("/observed/score_before").asDouble()).isEqualTo(101.87);
        assertThat(server.at("/observed/score_after").asDouble()).isEqualTo(12.7);
        assertThat(first.path("changes").toString()).contains("skills/dev-bench");
        JsonNode third = json(state.root().resolve("runs/kept/iterations/3/change_manifest.json"));
        assertThat(third.path("changes").toString()).contains("mcp/late");

        JsonNode bundle = summary("kept").path("best_bundle");
        assertThat(bundle.path("kept").asBoolean()).isTrue();
        assertThat(bundle.path("iteration").asInt()).isEqualTo(2);
        assertThat(ws.resolve(".harnessgym/mcp/late")).doesNotExist();
        assertThat(ws.resolve(".harnessgym/mcp/dev_bench")).isDirectory();
        assertThat(Files.readString(ws.resolve(".harnessgym/activation.json")))
                .contains("dev_bench")
                .doesNotContain("\"late\"");
    }

    @Test
    void theHarnessDepthChangesTheGuidanceInReflectionAndBuildPromptsOnly() throws Exception {
        example("bugfix-java");
        run(
                config(
                        "std",
                        null,
                        b -> b.iterations(1).harnessDepth(RunConfig.HarnessDepth.STANDARD)));
        Path iteration = state.root().resolve("runs/std/iterations/1");
        assertThat(Files.readString(iteration.resolve("reflect.prompt.txt")))
                .contains("Harness depth: standard")
                .doesNotContain("Harness depth: deep", "{{depth_guidance}}");
        assertThat(Files.readString(iteration.resolve("build.prompt.txt")))
                .contains("Harness depth: standard");
        assertThat(Files.readString(iteration.resolve("attempt.prompt.txt")))
                .doesNotContain("Harness depth");

        FileTrees.delete(state.root().resolve("runs"));
        Files.createDirectories(ws.resolve(".harnessgym/prompts"));
        Files.writeString(ws.resolve(".harnessgym/prompts/depth-deep.md"), "TEAM DEEP GUIDANCE\n");
        run(config("deep", null, b -> b.iterations(1)));
        assertThat(
                        Files.readString(
                                state.root().resolve("runs/deep/iterations/1/build.prompt.txt")))
                .contains("TEAM DEEP GUIDANCE")
                .doesNotContain("Harness depth: standard");
    }

    private static final String BROKEN_BUILD =
            """
            {"version": 1, "phases": {
              "build": [{"do": "write", "path": ".harnessgym/mcp/probe/mcp.json",
                         "content": "{\\"name\\": \\"probe\\", \\"command\\": \\"/nonexistent/server\\"}"}],
              "repair": REPAIR}}
            """;

    @Test
    void aFailingServerIsRepairedBySameSessionAndPassesWithNoStaleFailureLeft() throws Exception {
        example("bugfix-java");
        Path script = dir.resolve("repair.json");
        Files.writeString(
                script,
                BROKEN_BUILD.replace(
                        "REPAIR",
                        "[{\"do\": \"mcp_server\", \"name\": \"probe\", \"tool\": \"p\","
                                + " \"description\": \"d\", \"reply\": \"r\"}]"));
        run(config("fixed", script, b -> b.iterations(1)));

        JsonNode first = json(state.root().resolve("runs/fixed/iterations/1/result.json"));
        assertThat(first.at("/qualification/rounds").asInt()).isEqualTo(2);
        assertThat(first.at("/qualification/passed").toString()).contains("mcp/probe");
        // R11: the first round's failure does not linger beside the pass.
        assertThat(first.at("/qualification/failed")).isEmpty();
        assertThat(first.at("/qualification/quarantined")).isEmpty();
        assertThat(first.at("/phases/repair-1/status").asText()).isEqualTo("completed");
        assertThat(first.at("/qualification/active_mcp_count").asInt()).isEqualTo(1);
        assertThat(
                        Files.readString(
                                state.root()
                                        .resolve(
                                                "runs/fixed/iterations/1/repair-1/repair.prompt.txt")))
                .contains("repair 1 of", "mcp/probe", "Harness depth: deep");
    }

    @Test
    void aServerTheRepairDoesNotFixIsQuarantinedAndNotActivated() throws Exception {
        example("bugfix-java");
        Path script = dir.resolve("norepair.json");
        Files.writeString(script, BROKEN_BUILD.replace("REPAIR", "[]"));
        run(config("quar", script, b -> b.iterations(1).qualification(true, 2)));

        JsonNode first = json(state.root().resolve("runs/quar/iterations/1/result.json"));
        // Each repair keeps its own record and files: the second does not overwrite the first.
        assertThat(first.at("/phases/repair-1/status").asText()).isEqualTo("completed");
        assertThat(first.at("/phases/repair-2/status").asText()).isEqualTo("completed");
        Path iteration = state.root().resolve("runs/quar/iterations/1");
        assertThat(Files.readString(iteration.resolve("repair-1/repair.prompt.txt")))
                .contains("repair 1 of 2");
        assertThat(Files.readString(iteration.resolve("repair-2/repair.prompt.txt")))
                .contains("repair 2 of 2");
        assertThat(first.at("/qualification/quarantined").toString()).contains("mcp/probe");
        assertThat(first.at("/qualification/active_mcp_count").asInt()).isZero();
        assertThat(Files.readString(state.root().resolve("records/quarantine.json")))
                .contains("probe");
    }
}
