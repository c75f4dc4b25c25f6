package io.harnessgym.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.testing.CliRun;
import io.harnessgym.testing.Files2;
import io.harnessgym.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code harnessgym task show}, and a task file's contract and holdout in {@code run}. */
class TaskCommandsTest {
    @TempDir Path dir;

    private static final String TASK =
            """
            ---
            verify: sh check/holdout.sh
            protected: [check]
            budgets: {iterations: 1}
            ---
            # Fix the adder

            `Calc.add(a, b)` in `src/Calc.java` returns the wrong result. Fix it.

            ## Expected Behavior

            The check also reads HOLDOUT-SECRET-42 \u001b[31m(held out).
            """;

    @Test
    void showSaysWhatTheAgentIsGivenAndWhatIsHeldOut() throws Exception {
        Path file = Files2.write(dir.resolve("task.md"), TASK);

        CliRun text = CliRun.run("task", "show", file.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        String shown = text.out();
        String given = shown.substring(0, shown.indexOf("== held out"));
        assertThat(given).contains("Fix the adder").doesNotContain("HOLDOUT-SECRET-42");
        assertThat(shown.substring(shown.indexOf("== held out")))
                .contains("HOLDOUT-SECRET-42", "sh check/holdout.sh");
        assertThat(shown).doesNotContain("\u001b"); // escaped on the terminal

        CliRun json = CliRun.run("task", "show", file.toString(), "--json");
        JsonNode report = Json.MAPPER.readTree(json.out());
        assertThat(report.path("agent_text").asText()).doesNotContain("HOLDOUT");
        assertThat(report.path("holdout").asText()).contains("HOLDOUT-SECRET-42");
        assertThat(report.at("/contract/verify").asText()).isEqualTo("sh check/holdout.sh");

        Files2.write(dir.resolve("bad.md"), "---\nverfy: x\n---\nDo it.\n");
        CliRun bad = CliRun.run("task", "show", dir.resolve("bad.md").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown key 'verfy'").doesNotContain("at io.harnessgym");
    }

    /** The bug-fix example with {@link #TASK} and {@code check} as given, run by the fake agent. */
    private CliRun runWithCheck(String check, String runId, String... more) throws Exception {
        Path ws = Files2.copyTree(Path.of("examples/bugfix-java"), dir.resolve("ws"));
        Files2.write(ws.resolve("contract.md"), TASK);
        Files2.write(ws.resolve("check/holdout.sh"), check);
        java.util.List<String> args =
                new java.util.ArrayList<>(
                        java.util.List.of(
                                "run",
                                "--runner",
                                "fake",
                                "--task",
                                "contract.md",
                                "--workspace",
                                ws.toString(),
                                "--state-dir",
                                dir.resolve("state").toString(),
                                "--run-id",
                                runId));
        args.addAll(java.util.List.of(more));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void runUsesTheContractAndGivesTheHoldoutOnlyToTheCheck() throws Exception {
        // The check passes only if it was given the holdout.
        CliRun run =
                runWithCheck(
                        "if grep -q HOLDOUT-SECRET-42 \"$HARNESSGYM_HOLDOUT_FILE\"; then sh"
                                + " check/run.sh; else echo '{\"status\": \"failed\"}'; fi\n",
                        "c1",
                        "--iterations",
                        "3",
                        "--json");
        Path ws = dir.resolve("ws");
        Path state = dir.resolve("state");

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        JsonNode summary = Json.MAPPER.readTree(run.out());
        assertThat(summary.path("solved").asBoolean()).as(run.out()).isTrue();
        Path iteration = state.resolve("runs/c1/iterations/1");
        assertThat(Files.readString(iteration.resolve("attempt.prompt.txt")))
                .contains("Fix the adder")
                .doesNotContain("HOLDOUT-SECRET-42", "Expected Behavior", "verify:");
        JsonNode config = Json.MAPPER.readTree(state.resolve("runs/c1/run_config.json").toFile());
        assertThat(config.toString()).contains("sh check/holdout.sh").contains("\"check\"");
        assertThat(config.path("iterations").asInt()).as("the flag wins").isEqualTo(3);
        assertThat(ws.resolve(".harnessgym-holdout.md")).doesNotExist();
    }

    @Test
    void aCheckThatQuotesTheHoldoutDoesNotCarryItIntoTheReflectionPrompt() throws Exception {
        // A failing check whose verdict quotes the holdout (as agent code it runs could).
        CliRun run =
                runWithCheck(
                        "line=$(grep SECRET \"$HARNESSGYM_HOLDOUT_FILE\" | tr -d '\\033')\n"
                                + "printf '{\"status\": \"failed\", \"detail\": \"%s\"}\\n'"
                                + " \"$line\"\n",
                        "c2");
        Path state = dir.resolve("state");

        Path iteration = state.resolve("runs/c2/iterations/1");
        assertThat(Files.readString(iteration.resolve("post_attempt.stdout.txt")))
                .as(run.err() + run.out())
                .contains("HOLDOUT-SECRET-42");
        assertThat(Files.readString(iteration.resolve("reflect.prompt.txt")))
                .contains("[held out]")
                .doesNotContain("HOLDOUT-SECRET-42");
    }

    @Test
    void contractRewriteTheAgentEditingTheTaskFileAndItsFrontMatterChangesNothing()
            throws Exception {
        // Every attempt rewrites the task file (a check that always passes, nothing protected)
        // and the check itself, and claims the task solved.
        Path script = dir.resolve("rewrite.json");
        String passing = "echo '{\\\"status\\\": \\\"passed\\\"}'";
        Files2.write(
                script,
                "{\"version\": 1, \"phases\": {\"attempt\": ["
                        + "{\"do\": \"write\", \"path\": \"contract.md\", \"content\":"
                        + " \"---\\nverify: "
                        + passing
                        + "\\nprotected: []\\n---\\n# Anything\\n\"},"
                        + "{\"do\": \"write\", \"path\": \"check/holdout.sh\", \"content\": \""
                        + passing
                        + "\\n\"},"
                        + "{\"do\": \"result\", \"fields\": {\"status\": \"solved\"}}]}}");
        CliRun run =
                runWithCheck(
                        "if grep -q HOLDOUT-SECRET-42 \"$HARNESSGYM_HOLDOUT_FILE\"; then sh"
                                + " check/run.sh; else echo '{\"status\": \"failed\"}'; fi\n",
                        "c3",
                        "--script",
                        script.toString(),
                        "--iterations",
                        "2",
                        "--json");
        Path state = dir.resolve("state");

        assertThat(Files.readString(dir.resolve("ws/contract.md")))
                .as(run.err())
                .contains("# Anything"); // the rewrite happened
        JsonNode summary = Json.MAPPER.readTree(run.out());
        assertThat(summary.path("solved").asBoolean()).isFalse();
        for (int n = 1; n <= 2; n++) {
            JsonNode result =
                    Json.MAPPER.readTree(
                            state.resolve("runs/c3/iterations/" + n + "/result.json").toFile());
            // The private copy of the task and the baseline's check decided, in both iterations.
            assertThat(result.at("/measured/passed").asBoolean()).isFalse();
            assertThat(result.at("/contract/protected_edits").toString())
                    .contains("check/holdout.sh");
            assertThat(result.path("penalties").findValuesAsText("kind"))
                    .contains("protected_edit", "false_completion_claim");
        }
        assertThat(Files.readString(state.resolve("runs/c3/task.md")))
                .contains("HOLDOUT-SECRET-42");
    }

    @Test
    void aFileTheCheckNamesIsProtectedWithoutBeingListed() throws Exception {
        Path ws = Files2.copyTree(Path.of("examples/bugfix-java"), dir.resolve("ws"));
        Files2.write(ws.resolve("score.sh"), "sh check/run.sh\n");
        Path script =
                Files2.write(
                        dir.resolve("cheat.json"),
                        "{\"version\": 1, \"phases\": {\"attempt\": [{\"do\": \"write\","
                                + " \"path\": \"score.sh\", \"content\": \"echo '{}'\\n\"}]}}");
        CliRun run =
                CliRun.run(
                        "run",
                        "--runner",
                        "scripted",
                        "--script",
                        script.toString(),
                        "--task-text",
                        "Fix Calc.add.",
                        "--post-attempt-command",
                        "sh score.sh",
                        "--iterations",
                        "1",
                        "--workspace",
                        ws.toString(),
                        "--state-dir",
                        dir.resolve("state").toString(),
                        "--run-id",
                        "named");
        JsonNode result =
                Json.MAPPER.readTree(
                        dir.resolve("state/runs/named/iterations/1/result.json").toFile());
        assertThat(result.at("/measured/passed").asBoolean()).as(run.err()).isFalse();
        assertThat(result.at("/contract/protected_edits").toString()).contains("~ score.sh");
        JsonNode config =
                Json.MAPPER.readTree(dir.resolve("state/runs/named/run_config.json").toFile());
        assertThat(config.path("protected_paths").toString()).contains("score.sh");
    }
}
