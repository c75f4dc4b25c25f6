package io.harnessgym.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.process.Sandbox;
import io.harnessgym.testing.CliRun;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harnessgym compare} end to end with the scripted runner, real trial workspaces, real
 * qualification of a bundle a real run built, the real proxy and call log: a harness that helps,
 * does nothing, hurts; an arm whose checks fail; a harnessed arm that never uses its harness.
 */
class CompareTest {
    @TempDir static Path dir;
    static CompareFixture world;

    @BeforeAll
    static void buildTheBundle() {
        world = new CompareFixture(dir);
    }

    /** The one qualification report in a trial's private state. */
    private static JsonNode onlyQualification(Path state) throws java.io.IOException {
        try (var reports = Files.list(state.resolve("qualifications"))) {
            List<Path> all = reports.toList();
            assertThat(all).hasSize(1);
            return Json.readTree(all.get(0).resolve("qualification.json"), state);
        }
    }

    private static Path compareDir(Path ws, String id) {
        return TestState.of(ws).root().resolve("compares").resolve(id);
    }

    @Test
    void aHarnessThatHelpsIsBetterWithTrialsInterleavedAndEachInItsOwnWorld() throws Exception {
        Path ws = world.target("helps");
        CliRun run =
                world.compare(
                        ws,
                        world.script("helps", CompareFixture.HELPS),
                        "--trials",
                        "8",
                        "--parallel",
                        "2",
                        "--compare-id",
                        "c-helps",
                        "--seed",
                        "11");

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        boolean confined = Sandbox.detect(TestState.env()) instanceof Sandbox.Bubblewrap;
        JsonNode report = CompareFixture.json(run);
        assertThat(report.at("/verdict/verdict").asText()).isEqualTo("better");
        assertThat(report.at("/verdict/metric").asText()).isEqualTo("solved");
        assertThat(report.at("/verdict/p_value").asDouble()).isLessThan(0.05);
        JsonNode solved = report.at("/analysis/0/comparisons/0");
        assertThat(solved.path("test").asText()).isEqualTo("mcnemar_exact");
        assertThat(solved.path("design").asText()).isEqualTo("paired");
        // 8 discordant pairs of 8: exact McNemar p = 2 * 0.5^8
        assertThat(solved.path("p_value").asDouble())
                .isCloseTo(0.0078125, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(report.at("/analysis/0/arms/plain/solved").asInt()).isZero();
        assertThat(report.at("/analysis/0/arms/harnessed/solved").asInt()).isEqualTo(8);
        assertThat(report.at("/summary/harnessed/count").asInt()).isEqualTo(8);

        // The order interleaves the arms: every pair is adjacent, neither arm runs first
        // throughout.
        List<JsonNode> order = new ArrayList<>();
        Json.readTree(compareDir(ws, "c-helps").resolve("compare_plan.json"), ws)
                .path("order")
                .forEach(order::add);
        assertThat(order).hasSize(16);
        for (int i = 0; i < 16; i += 2) {
            assertThat(order.get(i).path("index").asInt())
                    .isEqualTo(order.get(i + 1).path("index").asInt());
        }
        assertThat(order.stream().limit(8).map(o -> o.path("arm").asText()))
                .contains("plain", "harnessed");

        Set<String> homes = new HashSet<>();
        for (JsonNode trial : report.path("trials")) {
            Path trialWs = Path.of(trial.path("workspace").asText());
            assertThat(trialWs).startsWith(compareDir(ws, "c-helps"));
            String arm = trial.path("group").asText();
            // Telemetry from the trial's own call log, by phase.
            assertThat(trial.path("mcp_call_count").asInt())
                    .isEqualTo(arm.equals("harnessed") ? 1 : 0);
            assertThat(trial.path("comparison_valid").asBoolean()).as(trial.toString()).isTrue();
            if (arm.equals("harnessed")) {
                // The bundle's verdicts from its qualification before any trial: the trial
                // activates what passed there, judged once, not once per trial.
                JsonNode qualification = onlyQualification(trialWs.getParent().resolve("state"));
                assertThat(qualification.path("artifacts")).isEmpty();
                assertThat(qualification.at("/earlier/0/verdict").asText()).isEqualTo("passed");
            }
            String home = Files.readString(trialWs.resolve("homes.txt")).trim();
            assertThat(home).contains(trialWs.getParent().resolve("home").toString());
            homes.add(home);
            // The agent could not reach the compare's records from its workspace.
            assertThat(Files.readString(trialWs.getParent().resolve("trial.json")))
                    .doesNotContain("forged");
            if (!confined) {
                // Without bubblewrap the scripted agent ran unconfined (docs/trust.md), and its
                // phase records say so, and the trial does.
                assertThat(mechanisms(trialWs.getParent().resolve("state"))).containsOnly("none");
            }
            assertThat(trial.path("agent_confinement").asText())
                    .isEqualTo(confined ? "bubblewrap" : "none");
        }
        assertThat(homes).hasSize(16);
        String warning = "16 of 16 trials ran the agent unconfined";
        if (confined) {
            assertThat(Files.readString(compareDir(ws, "c-helps").resolve("compare_plan.json")))
                    .doesNotContain("forged");
            assertThat(compareDir(ws, "c-helps").resolve("compare_report.md"))
                    .content()
                    .doesNotContain("unconfined");
        } else {
            // Its records were within its reach: every report says so beside the verdict.
            assertThat(compareDir(ws, "c-helps").resolve("compare_report.md"))
                    .content()
                    .contains(warning);
            assertThat(compareDir(ws, "c-helps").resolve("compare_report.html"))
                    .content()
                    .contains(warning);
        }
        // The user's workspace is untouched: trials ran in their own.
        assertThat(ws.resolve("answer.txt")).doesNotExist();
        assertThat(compareDir(ws, "c-helps").resolve("compare_report.md"))
                .content()
                .contains("**Verdict: better**");
        assertThat(compareDir(ws, "c-helps").resolve("compare_report.html"))
                .content()
                .contains("harnessed", "<svg");
    }

    @Test
    void aHarnessThatDoesNothingIsNotShownToHelp() {
        Path ws = world.target("nothing");
        CliRun run =
                world.compare(
                        ws,
                        world.script("nothing", CompareFixture.NOTHING),
                        "--trials",
                        "4",
                        "--parallel",
                        "2",
                        "--compare-id",
                        "c-nothing");

        assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(1);
        JsonNode report = CompareFixture.json(run);
        assertThat(report.at("/verdict/verdict").asText()).isEqualTo("not shown");
        assertThat(report.at("/analysis/0/comparisons/0/p_value").asDouble()).isEqualTo(1.0);
        assertThat(report.at("/analysis/0/arms/plain/solved").asInt()).isEqualTo(4);
        assertThat(report.at("/analysis/0/arms/harnessed/solved").asInt()).isEqualTo(4);
    }

    @Test
    void aHarnessThatHurtsIsWorse() {
        Path ws = world.target("hurts");
        CliRun run =
                world.compare(
                        ws,
                        world.script("hurts", CompareFixture.HURTS),
                        "--trials",
                        "8",
                        "--parallel",
                        "2",
                        "--compare-id",
                        "c-hurts");

        assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(1);
        JsonNode report = CompareFixture.json(run);
        assertThat(report.at("/verdict/verdict").asText()).isEqualTo("worse");
        assertThat(report.at("/analysis/0/comparisons/0/improvement").asBoolean()).isFalse();
    }

    @Test
    void anArmWhoseChecksFailCountsAsTheWorstAndIsReportedNotDropped() {
        Path ws = world.target("breaks");
        CliRun run =
                world.compare(
                        ws,
                        world.script("breaks", CompareFixture.BREAKS_CHECK),
                        "--trials",
                        "2",
                        "--compare-id",
                        "c-breaks");

        assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(1);
        JsonNode report = CompareFixture.json(run);
        JsonNode harnessed = report.at("/analysis/0/arms/harnessed");
        assertThat(harnessed.path("trials").asInt()).isEqualTo(2);
        assertThat(harnessed.path("treated_as_worst").asInt()).isEqualTo(2);
        assertThat(harnessed.path("solved").asInt()).isZero();
        assertThat(harnessed.path("invalid_reasons").toString())
                .contains("the check gave no verdict (no_verdict)");
        assertThat(report.at("/summary/harnessed/invalid_treated_as_worst").asInt()).isEqualTo(2);
        assertThat(report.at("/analysis/0/arms/plain/solved").asInt()).isEqualTo(2);
    }

    @Test
    void aHarnessedTrialThatNeverUsesTheHarnessIsInvalid() {
        Path ws = world.target("ignores");
        CliRun run =
                world.compare(
                        ws,
                        world.script("ignores", CompareFixture.IGNORES_HARNESS),
                        "--trials",
                        "2",
                        "--compare-id",
                        "c-ignores");

        JsonNode report = CompareFixture.json(run);
        for (JsonNode trial : report.path("trials")) {
            boolean harnessed = trial.path("group").asText().equals("harnessed");
            assertThat(trial.path("comparison_valid").asBoolean()).isEqualTo(!harnessed);
            assertThat(trial.path("solved").asBoolean()).isEqualTo(!harnessed);
            if (harnessed) {
                assertThat(trial.path("active_mcp_count").asInt()).isEqualTo(1);
                assertThat(trial.path("comparison_invalid_reason").asText())
                        .isEqualTo(
                                "the harness was not used in the attempt (no call in the call log)");
            }
        }
        // Without the rule the same trials count as they ran.
        Path again = world.target("ignores-allowed");
        JsonNode allowed =
                CompareFixture.json(
                        world.compare(
                                again,
                                world.script("ignores", CompareFixture.IGNORES_HARNESS),
                                "--trials",
                                "1",
                                "--compare-id",
                                "c-ignores-ok",
                                "--no-require-harness-tool-use"));
        assertThat(allowed.at("/analysis/0/arms/harnessed/solved").asInt()).isEqualTo(1);
    }

    private static CliRun resume(Path ws, String id, String... extra) {
        List<String> args =
                new java.util.ArrayList<>(
                        List.of("compare", "--workspace", ws.toString(), "--resume", id));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void anInterruptedCompareResumesWithOnlyTheTrialsItLacks() throws Exception {
        Path ws = world.target("resume");
        Path script = world.script("nothing", CompareFixture.NOTHING);
        CliRun first = world.compare(ws, script, "--trials", "2", "--compare-id", "c-resume");
        assertThat(first.exitCode()).as(first.err()).isIn(0, 1);
        Path trials = compareDir(ws, "c-resume").resolve("trials").resolve("resume");
        // As a stop leaves it: one trial never finished (no trial.json), one never started.
        Files.delete(trials.resolve("plain-2/trial.json"));
        io.harnessgym.workspace.FileTrees.delete(trials.resolve("harnessed-1"));
        String kept = Files.readString(trials.resolve("plain-1/trial.json"));
        Files.delete(compareDir(ws, "c-resume").resolve("compare_report.json"));

        // A flag that would change the recorded plan is refused, not silently ignored, and
        // nothing runs.
        CliRun changed = resume(ws, "c-resume", "--trials", "9", "--runner", "codex");
        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.err())
                .contains("--resume goes on with the plan recorded for c-resume")
                .contains("--trials", "--runner");
        assertThat(trials.resolve("harnessed-1")).doesNotExist();

        // No --runner: the trials it lacks run with the runner the plan records (scripted).
        CliRun resumed = resume(ws, "c-resume", "--parallel", "2", "--json");

        assertThat(resumed.err()).contains("2 trial(s) finished already; 2 to run");
        assertThat(resumed.err()).contains("resume/plain-2", "resume/harnessed-1");
        assertThat(resumed.err()).doesNotContain("resume/plain-1:", "resume/harnessed-2:");
        assertThat(Files.readString(trials.resolve("plain-1/trial.json"))).isEqualTo(kept);
        JsonNode report = CompareFixture.json(resumed);
        assertThat(report.path("trials")).hasSize(4);
        assertThat(report.path("missing_trials")).isEmpty();

        CliRun again = world.compare(ws, script, "--trials", "2", "--compare-id", "c-resume");
        assertThat(again.exitCode()).isEqualTo(3);
        assertThat(again.err()).contains("compare c-resume exists already");
    }

    @Test
    void shardsMergeIntoWhatAnUnshardedCompareWithTheSameSeedGives() throws Exception {
        Path script = world.script("helps", CompareFixture.HELPS);
        // Three machines: the same checkout (same folder name), each with its own state.
        Path a = world.target("m1/ws");
        Path b = world.target("m2/ws");
        Path whole = world.target("m3/ws");
        CliRun shard0 =
                world.compare(
                        a,
                        script,
                        "--trials",
                        "3",
                        "--compare-id",
                        "sharded",
                        "--seed",
                        "5",
                        "--shard",
                        "0/2");
        CliRun shard1 =
                world.compare(
                        b,
                        script,
                        "--trials",
                        "3",
                        "--compare-id",
                        "sharded",
                        "--seed",
                        "5",
                        "--shard",
                        "1/2");
        assertThat(shard0.exitCode()).as(shard0.err()).isZero();
        assertThat(shard1.exitCode()).as(shard1.err()).isZero();
        Path r0 = compareDir(a, "sharded").resolve("shards/0-of-2/compare_report.json");
        Path r1 = compareDir(b, "sharded").resolve("shards/1-of-2/compare_report.json");
        assertThat(Json.readTree(r0, r0).path("trials")).hasSize(3);
        assertThat(Json.readTree(r0, r0).path("missing_trials")).isEmpty(); // of its own trials

        Path merged = dir.resolve("merged");
        CliRun merge =
                CliRun.run(
                        "compare",
                        "merge",
                        r0.toString(),
                        r1.toString(),
                        "--output",
                        merged.toString(),
                        "--json");
        CliRun unsharded =
                world.compare(
                        whole, script, "--trials", "3", "--compare-id", "sharded", "--seed", "5");

        JsonNode m = CompareFixture.json(merge);
        JsonNode u = CompareFixture.json(unsharded);
        assertThat(m.path("plan_digest")).isEqualTo(u.path("plan_digest"));
        assertThat(m.path("missing_trials")).isEmpty();
        assertThat(outcomes(m)).isEqualTo(outcomes(u)).hasSize(6);
        assertThat(m.at("/analysis/0/comparisons/0")).isEqualTo(u.at("/analysis/0/comparisons/0"));
        assertThat(m.at("/verdict/verdict")).isEqualTo(u.at("/verdict/verdict"));
        assertThat(m.path("shards").toString()).contains("0-of-2", "1-of-2");
        assertThat(merged.resolve("compare_report.html")).exists();

        // A shard of another plan (another seed) is refused, and so is an edited plan.
        Path other = world.target("m4/ws");
        world.compare(
                other,
                script,
                "--trials",
                "3",
                "--compare-id",
                "sharded",
                "--seed",
                "6",
                "--shard",
                "1/2");
        Path r2 = compareDir(other, "sharded").resolve("shards/1-of-2/compare_report.json");
        CliRun mismatched =
                CliRun.run(
                        "compare",
                        "merge",
                        r0.toString(),
                        r2.toString(),
                        "--output",
                        merged.toString());
        assertThat(mismatched.exitCode()).isEqualTo(3);
        assertThat(mismatched.err())
                .contains("belongs to another plan", "the seed", "the trial list");

        String text =
                Files.readString(r1).replace("\"check\": \"sh check.sh\"", "\"check\": \"true\"");
        Path edited = Files2.write(dir.resolve("edited.json"), text);
        CliRun forged =
                CliRun.run(
                        "compare",
                        "merge",
                        r0.toString(),
                        edited.toString(),
                        "--output",
                        merged.toString());
        assertThat(forged.exitCode()).isEqualTo(3);
        assertThat(forged.err()).contains("does not match its plan digest");
    }

    private static Set<String> outcomes(JsonNode report) {
        Set<String> out = new HashSet<>();
        report.path("trials")
                .forEach(
                        t ->
                                out.add(
                                        t.path("task").asText()
                                                + "/"
                                                + t.path("group").asText()
                                                + "-"
                                                + t.path("trial").asInt()
                                                + ":"
                                                + t.path("solved").asBoolean()
                                                + ":"
                                                + t.path("position").asInt()));
        return out;
    }

    @Test
    void aBundleFromElsewhereNeedsTrustAndItsLinksAreLeftOut() throws Exception {
        Path ws = world.target("trust");
        Path script = world.script("helps", CompareFixture.HELPS);
        CliRun refused =
                CliRun.run(
                        "compare",
                        "--workspace",
                        ws.toString(),
                        "--task",
                        "task.md",
                        "--artifact-source",
                        world.source.toString(),
                        "--runner",
                        "scripted",
                        "--script",
                        script.toString(),
                        "--trials",
                        "1");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).contains("is not this workspace's own bundle", "--trust-bundle");
        assertThat(compareDir(ws, "x")).doesNotExist();

        Path linked = dir.resolve("linked");
        Files2.copyTree(world.source.resolve(".harnessgym"), linked.resolve(".harnessgym"));
        Path secret = Files2.write(dir.resolve("secret.txt"), "host secret\n");
        Files.createSymbolicLink(linked.resolve(".harnessgym/mcp/fixer/secret.txt"), secret);
        CliRun run =
                CliRun.run(
                        "compare",
                        "--workspace",
                        ws.toString(),
                        "--task",
                        "task.md",
                        "--artifact-source",
                        linked.toString(),
                        "--trust-bundle",
                        "--runner",
                        "scripted",
                        "--script",
                        script.toString(),
                        "--trials",
                        "1",
                        "--compare-id",
                        "c-links",
                        "--json");
        JsonNode report = CompareFixture.json(run);
        assertThat(report.at("/plan/bundle_links_skipped").toString())
                .contains("mcp/fixer/secret.txt");
        for (JsonNode trial : report.path("trials")) {
            Path file =
                    Path.of(trial.path("workspace").asText())
                            .resolve(".harnessgym/mcp/fixer/secret.txt");
            assertThat(Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        }
    }

    @Test
    void aTaskWithoutACheckAndBadFlagsAreRefusedBeforeAnyTrial() {
        Path ws = world.target("nocheck");
        Files2.write(ws.resolve("plain.md"), "# No check\n\nDo something.\n");
        CliRun noCheck =
                CliRun.run(
                        "compare",
                        "--workspace",
                        ws.toString(),
                        "--task",
                        "plain.md",
                        "--arms",
                        "plain",
                        "--runner",
                        "scripted");
        assertThat(noCheck.exitCode()).isEqualTo(3);
        assertThat(noCheck.err()).contains("has no check");
        assertThat(
                        CliRun.run(
                                        "compare",
                                        "--workspace",
                                        ws.toString(),
                                        "--task",
                                        "task.md",
                                        "--arms",
                                        "plain,other")
                                .err())
                .contains("unknown arm 'other'");
        assertThat(
                        CliRun.run(
                                        "compare",
                                        "--workspace",
                                        ws.toString(),
                                        "--task",
                                        "task.md",
                                        "--shard",
                                        "2/2")
                                .err())
                .contains("0 <= I < N");
        assertThat(
                        CliRun.run(
                                        "compare",
                                        "--workspace",
                                        ws.toString(),
                                        "--task",
                                        "task.md",
                                        "--trials",
                                        "0")
                                .exitCode())
                .isEqualTo(2);
    }

    @Test
    void aTaskTheBundleWasBuiltOnIsSeenAndShowsNothingOnItsOwn() throws Exception {
        Path src = dir.resolve("seen-src");
        Files2.copyTree(world.source.resolve(".harnessgym"), src.resolve(".harnessgym"));
        Path ws = world.target("seen");
        String text = Files.readString(ws.resolve("task.md"));
        // The bundle's run records name this task's digest (as the loop writes them).
        Files2.write(
                src.resolve(".harnessgym/runs/r/run_config.json"),
                "{\"run_id\": \"r\", \"task_digest\": \""
                        + io.harnessgym.workspace.Digests.text(text)
                        + "\"}\n");
        CliRun run =
                CliRun.run(
                        "compare",
                        "--workspace",
                        ws.toString(),
                        "--task",
                        "task.md",
                        "--artifact-source",
                        src.toString(),
                        "--trust-bundle",
                        "--runner",
                        "scripted",
                        "--script",
                        world.script("helps", CompareFixture.HELPS).toString(),
                        "--trials",
                        "1",
                        "--compare-id",
                        "c-seen",
                        "--json");
        JsonNode report = CompareFixture.json(run);
        assertThat(report.at("/tasks/0/seen").asBoolean()).isTrue();
        assertThat(report.at("/verdict/verdict").asText()).isEqualTo("not shown");
        assertThat(report.at("/verdict/reason").asText()).contains("seen");
    }

    @Test
    void regradeScoresFinishedTrialsAgainAfterAScorerFixWithoutRunningAnAgent() throws Exception {
        Path ws = world.target("regrade");
        // A broken scorer: it never passes.
        Files2.write(ws.resolve("check.sh"), "echo '{\"status\":\"failed\"}'\n");
        CliRun run =
                world.compare(
                        ws,
                        world.script("nothing", CompareFixture.NOTHING),
                        "--trials",
                        "2",
                        "--arms",
                        "plain",
                        "--compare-id",
                        "c-regrade");
        assertThat(CompareFixture.json(run).at("/analysis/0/arms/plain/solved").asInt()).isZero();

        Files2.write(ws.resolve("check.sh"), CompareFixture.CHECK); // the fix
        CliRun regrade =
                CliRun.run(
                        "compare", "regrade", "c-regrade", "--workspace", ws.toString(), "--json");

        assertThat(regrade.err()).contains("regraded regrade/plain-1: solved");
        JsonNode report = CompareFixture.json(regrade);
        assertThat(report.at("/analysis/0/arms/plain/solved").asInt()).isEqualTo(2);
        assertThat(report.at("/trials/0/regraded_at").asText()).isNotEmpty();
        // No agent ran: each trial still has its one attempt.
        assertThat(report.at("/trials/0/iterations_completed").asInt()).isEqualTo(1);
    }

    @Test
    void anUnconfinedAgentThatRewritesItsTrialsRecordsCannotHideThatItRanUnconfined()
            throws Exception {
        Path ws = world.target("unconfined");
        // Iteration 2's attempt, unconfined, rewrites every record of its trial it can reach to
        // say its agent ran under bubblewrap; the records of the phase it is in come after it.
        Path script =
                world.script(
                        "unconfined",
                        """
                {"iterations": {
                  "1": {"attempt": [{"do": "write", "path": "answer.txt", "content": "1"}]},
                  "2": {"attempt": [{"do": "run", "argv": ["sh", "-c",
                    "find \\"$HARNESSGYM_WORKSPACE/../state\\" -name '*.json' -exec sed -i 's/\\"mechanism\\" *: *\\"none\\"/\\"mechanism\\" : \\"bubblewrap\\"/g' {} + && echo rewrote"]}]}}}
                """);
        Map<String, String> env = new HashMap<>(TestState.env());
        env.put(Sandbox.ENV, "none");
        CliRun run =
                world.compare(
                        env,
                        ws,
                        script,
                        "--trials",
                        "1",
                        "--iterations",
                        "2",
                        "--no-require-harness-tool-use",
                        "--compare-id",
                        "c-unconfined");

        JsonNode report = CompareFixture.json(run);
        assertThat(report.path("trials")).hasSize(2);
        for (JsonNode trial : report.path("trials")) {
            assertThat(trial.path("iterations_completed").asInt()).as(run.err()).isEqualTo(2);
            assertThat(trial.path("agent_confinement").asText()).isEqualTo("none");
            // The rewrite took: the first iteration's records now claim bubblewrap.
            assertThat(
                            mechanisms(
                                    Path.of(trial.path("workspace").asText())
                                            .resolveSibling("state")))
                    .contains("bubblewrap", "none");
        }
        assertThat(compareDir(ws, "c-unconfined").resolve("compare_report.md"))
                .content()
                .contains("2 of 2 trials ran the agent unconfined");
    }

    @Test
    void aScoredTaskIsJudgedByEachTrialsBestVerifiedScoreNotItsLastAttempt() throws Exception {
        Path ws = dir.resolve("scored");
        Files2.write(
                ws.resolve("task.md"),
                "---\nscore: {command: sh score.sh, key: score, direction: lower}\n---\n# Lower\n\nMake the number small.\n");
        Files2.write(
                ws.resolve("score.sh"),
                "echo \"{\\\"status\\\":\\\"passed\\\",\\\"score\\\":$(cat answer.txt 2>/dev/null || echo 100)}\"\n");
        // Attempt 1: 5 with the tool, 50 without; attempt 2: 9 with, 60 without. Best (lowest)
        // counts.
        Path script =
                world.script(
                        "scored",
                        """
                {"iterations": {
                  "1": {"attempt": [{"do": "call_tool", "server": "fixer", "tool": "fix"},
                                    {"do": "write", "path": "answer.txt", "content": "5", "when": "last_ok"},
                                    {"do": "write", "path": "answer.txt", "content": "50", "when": "last_failed"}]},
                  "2": {"attempt": [{"do": "call_tool", "server": "fixer", "tool": "fix"},
                                    {"do": "write", "path": "answer.txt", "content": "9", "when": "last_ok"},
                                    {"do": "write", "path": "answer.txt", "content": "60", "when": "last_failed"}]}}}
                """);
        CliRun run =
                world.compare(
                        ws,
                        script,
                        "--trials",
                        "3",
                        "--iterations",
                        "2",
                        "--optimization-mode",
                        "--parallel",
                        "2",
                        "--compare-id",
                        "c-scored");

        JsonNode report = CompareFixture.json(run);
        assertThat(report.at("/analysis/0/primary_metric").asText())
                .as(run.err())
                .isEqualTo("score");
        for (JsonNode trial : report.path("trials")) {
            assertThat(trial.path("iterations_completed").asInt()).isEqualTo(2);
            assertThat(trial.path("score").asDouble())
                    .isEqualTo(trial.path("group").asText().equals("harnessed") ? 5.0 : 50.0);
        }
        JsonNode score = report.at("/analysis/0/comparisons/1");
        assertThat(score.path("metric").asText()).isEqualTo("score");
        assertThat(score.path("test").asText()).isEqualTo("wilcoxon_signed_rank");
        assertThat(score.path("effect").path("value").asDouble()).isEqualTo(-45.0);
        assertThat(score.path("improvement").asBoolean()).isTrue();
    }

    @Test
    void aFolderOfTasksIsReportedPerTaskAndPooledOverTheHeldOutOnes() throws Exception {
        Path ws = world.target("multi");
        Files2.write(ws.resolve("tasks/one.md"), CompareFixture.TASK);
        Files2.write(
                ws.resolve("tasks/two/task.md"),
                CompareFixture.TASK.replace("# Answer", "# Answer again"));
        Files2.write(ws.resolve("tasks/README.md"), "not a task\n");
        CliRun run =
                CliRun.run(
                        "compare",
                        "--workspace",
                        ws.toString(),
                        "--tasks",
                        ws.resolve("tasks").toString(),
                        "--artifact-source",
                        world.source.toString(),
                        "--trust-bundle",
                        "--runner",
                        "scripted",
                        "--script",
                        world.script("helps", CompareFixture.HELPS).toString(),
                        "--trials",
                        "4",
                        "--parallel",
                        "2",
                        "--compare-id",
                        "c-multi",
                        "--json");

        JsonNode report = CompareFixture.json(run);
        assertThat(report.path("tasks")).hasSize(2);
        assertThat(report.at("/tasks/0/name").asText()).isEqualTo("one");
        assertThat(report.at("/tasks/1/name").asText()).isEqualTo("two");
        assertThat(report.path("analysis")).hasSize(2);
        // Each task alone: 4 discordant pairs, p = 0.125 before Holm: not shown.
        assertThat(report.at("/analysis/0/verdict/verdict").asText()).isEqualTo("not shown");
        // Pooled over both held-out tasks: 8 pairs (task, index), p = 2 * 0.5^8.
        assertThat(report.at("/pooled/design").asText()).isEqualTo("paired");
        assertThat(report.at("/pooled/comparisons/0/p_value").asDouble())
                .isCloseTo(0.0078125, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(report.at("/verdict/verdict").asText()).isEqualTo("better");
        assertThat(report.path("trials")).hasSize(16);
    }

    /** The confinement mechanisms the phase records under {@code state} name. */
    private static List<String> mechanisms(Path state) throws Exception {
        List<String> found = new ArrayList<>();
        try (var files = Files.walk(state)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                Json.MAPPER.readTree(file.toFile()).findValues("confinement").stream()
                        .map(c -> c.path("mechanism").asText())
                        .forEach(found::add);
            }
        }
        assertThat(found).as("phase records under %s", state).isNotEmpty();
        return found;
    }
}
