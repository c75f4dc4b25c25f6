package io.harnessgym.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.testing.CliRun;
import io.harnessgym.testing.Files2;
import io.harnessgym.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harnessgym task check}: a valid task, a task whose noop already passes, a flaky check, an
 * oracle that fails or cannot be applied, an oracle that edits the scorer, and the bundled examples
 * against their oracles.
 */
class TaskCheckCommandTest {
    @TempDir Path dir;

    /** Passes when src/value.txt says 42; the score is the value; reads the holdout if given. */
    private static final String CHECK =
            """
            v=$(cat src/value.txt)
            if [ -n "$HARNESSGYM_HOLDOUT_FILE" ] && ! grep -q SECRET-7 "$HARNESSGYM_HOLDOUT_FILE"; then
              echo '{"status": "failed", "why": "no holdout"}'; exit 0
            fi
            if [ "$v" = 42 ]; then s=passed; else s=failed; fi
            printf '{"status": "%s", "score": %s}\\n' "$s" "$v"
            """;

    private static final String TASK =
            """
            ---
            scope: [src]
            protected: [check]
            verify: sh check/run.sh
            score: {key: score, direction: higher}
            ---
            # Make the value right

            `src/value.txt` holds the wrong value.

            ## Expected Behavior

            SECRET-7
            """;

    private static final String PATCH =
            """
            diff --git a/src/value.txt b/src/value.txt
            --- a/src/value.txt
            +++ b/src/value.txt
            @@ -1 +1 @@
            -7
            +42
            """;

    private Path workspace(String value, String check) throws Exception {
        Path ws = dir.resolve("ws");
        Files2.write(ws.resolve("src/value.txt"), value + "\n");
        Files2.write(ws.resolve("check/run.sh"), check);
        Files2.write(ws.resolve("task.md"), TASK);
        return ws;
    }

    private CliRun check(Path ws, String oracle, String... more) {
        return check(ws, ws.resolve("task.md"), dir.resolve("state"), oracle, more);
    }

    private static CliRun check(Path ws, Path task, Path state, String oracle, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "task",
                                "check",
                                task.toString(),
                                "--workspace",
                                ws.toString(),
                                "--state-dir",
                                state.toString(),
                                "--oracle",
                                oracle));
        args.addAll(List.of(more));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static JsonNode json(CliRun run) throws Exception {
        return Json.MAPPER.readTree(run.out());
    }

    @Test
    void aValidTaskPassesWithAPatchOracleAndTheHoldoutReachesOnlyTheCheck() throws Exception {
        Path ws = workspace("7", CHECK);
        Path patch = Files2.write(dir.resolve("fix.patch"), PATCH);
        Path junit = dir.resolve("check.xml");

        CliRun run = check(ws, patch.toString(), "--runs", "2", "--junit", junit.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("task check valid", "noop   FAIL(7.0) FAIL(7.0)");
        assertThat(run.out()).contains("oracle pass(42.0) pass(42.0)");

        JsonNode report = json(check(ws, patch.toString(), "--runs", "2", "--json"));
        assertThat(report.path("valid").asBoolean()).isTrue();
        assertThat(report.path("reasons")).isEmpty();
        assertThat(report.path("oracle_kind").asText()).isEqualTo("patch");
        assertThat(report.at("/oracle_runs/0/changes/0").asText()).isEqualTo("~ src/value.txt");
        assertThat(report.at("/noop/0/verdict/json/status").asText()).isEqualTo("failed");
        assertThat(Path.of(report.path("report_path").asText())).exists();
        // The workspace is untouched: the oracle went into clean rooms only.
        assertThat(Files.readString(ws.resolve("src/value.txt"))).isEqualTo("7\n");

        String xml = Files.readString(junit);
        assertThat(xml).contains("tests=\"6\" failures=\"0\"", "the oracle passes");
    }

    @Test
    void aTaskWhoseNoopAlreadyPassesIsInvalid() throws Exception {
        Path ws = workspace("42", CHECK);
        // A command oracle that changes nothing the check reads.
        CliRun run = check(ws, "echo done > notes.txt", "--json", "--runs", "2");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        JsonNode report = json(run);
        assertThat(report.path("valid").asBoolean()).isFalse();
        assertThat(report.path("reasons").toString())
                .contains("the noop passes and scores 42, no worse than the oracle's 42");
        assertThat(report.at("/failures/the noop fails or scores worse")).hasSize(1);
        assertThat(report.at("/failures/the oracle passes")).isEmpty();
        assertThat(report.path("notes").toString())
                .contains("outside the scope: + notes.txt"); // scope is src

        // Without a score direction a passing noop is all it takes.
        Files2.write(
                ws.resolve("task.md"),
                TASK.replace("score: {key: score, direction: higher}\n", ""));
        CliRun plain = check(ws, "true", "--runs", "1");
        assertThat(plain.exitCode()).isEqualTo(1);
        assertThat(plain.out())
                .contains("reason: the noop passes: the untouched workspace already");
    }

    @Test
    void aFlakyCheckIsNotDeterministicUnlessTheToleranceAllowsIt() throws Exception {
        // The score is the clock in nanoseconds: different in every run.
        String flaky =
                """
                v=$(cat src/value.txt)
                if [ "$v" = 42 ]; then s=passed; else s=failed; fi
                printf '{"status": "%s", "score": %s}\\n' "$s" "$(date +%s%N)"
                """;
        Path ws = workspace("7", flaky);
        Path patch = Files2.write(dir.resolve("fix.patch"), PATCH);

        CliRun run = check(ws, patch.toString(), "--json", "--runs", "3");
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode report = json(run);
        assertThat(report.at("/failures/the noop is deterministic").toString())
                .contains("the noop is not deterministic: its score ranges from");
        assertThat(report.at("/failures/the oracle is deterministic").toString())
                .contains("over 3 runs (tolerance 0)");

        // A tolerance of 10^15 ns (11 days) covers it; the front matter could say the same.
        CliRun tolerant = check(ws, patch.toString(), "--json", "--tolerance", "1e15");
        assertThat(tolerant.exitCode()).as(tolerant.out()).isZero();
    }

    @Test
    void anOracleThatFailsOrDoesNotApplyOrEditsTheScorerMakesTheTaskInvalid() throws Exception {
        Path ws = workspace("7", CHECK);
        Path wrong = Files2.write(dir.resolve("wrong.patch"), PATCH.replace("+42", "+41"));
        CliRun fails = check(ws, wrong.toString(), "--json", "--runs", "1");
        assertThat(fails.exitCode()).isEqualTo(1);
        assertThat(json(fails).path("reasons").toString())
                .contains("the oracle does not pass (run 1: status failed)");
        assertThat(json(fails).path("notes").toString()).contains("determinism is not tested");

        Path stale = Files2.write(dir.resolve("stale.patch"), PATCH.replace("-7", "-8"));
        CliRun stalePatch = check(ws, stale.toString(), "--runs", "1");
        assertThat(stalePatch.exitCode()).isEqualTo(1);
        assertThat(stalePatch.out()).contains("the oracle could not be applied (run 1)");

        // An oracle that "passes" by rewriting the scorer: the check runs the baseline's scorer,
        // so it still fails, and the edit itself makes the task invalid.
        Path cheat = dir.resolve("cheat");
        Files2.write(cheat.resolve("check/run.sh"), "echo '{\"status\": \"passed\"}'\n");
        JsonNode report = json(check(ws, cheat.toString(), "--json", "--runs", "1"));
        assertThat(report.path("valid").asBoolean()).isFalse();
        assertThat(report.path("oracle_protected_edits").toString()).contains("~ check/run.sh");
        assertThat(report.at("/oracle_runs/0/verdict/passed").asBoolean()).isFalse();

        // A folder oracle with a link in it is refused; nothing outside is written.
        Path linked = dir.resolve("linked");
        Files.createDirectories(linked.resolve("src"));
        Files.createSymbolicLink(linked.resolve("src/value.txt"), Path.of("/etc/hostname"));
        CliRun link = check(ws, linked.toString(), "--runs", "1");
        assertThat(link.exitCode()).isEqualTo(1);
        assertThat(link.out()).contains("the oracle folder holds a link: src/value.txt");
    }

    @Test
    void badInputIsOneClearLine() throws Exception {
        Path ws = workspace("7", CHECK);
        Files2.write(ws.resolve("plain.md"), "# No contract\n");
        CliRun none = check(ws, ws.resolve("plain.md"), dir.resolve("state"), "true");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("names no check").doesNotContain("\tat ");

        CliRun missing = check(ws, dir.resolve("nope.patch").toString());
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("no such patch file");

        CliRun runs = check(ws, "true", "--runs", "0");
        assertThat(runs.exitCode()).isEqualTo(2);
        assertThat(runs.err()).contains("--runs must be at least 1");
    }

    @Test
    void theBundledExamplesAreValidAgainstTheirOracles() throws Exception {
        for (String[] example :
                List.of(
                        new String[] {"bugfix-java", "examples/oracles/bugfix-java.patch"},
                        new String[] {"optimize-java", "examples/oracles/optimize-java"})) {
            Path ws = Files2.copyTree(Path.of("examples", example[0]), dir.resolve(example[0]));
            CliRun run =
                    check(
                            ws,
                            ws.resolve("task.md"),
                            dir.resolve("state-" + example[0]),
                            Path.of(example[1]).toAbsolutePath().toString(),
                            "--runs",
                            "2");
            assertThat(run.exitCode()).as(example[0] + ": " + run.out() + run.err()).isZero();
        }
    }
}
