package io.harnessgym.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harnessgym.error.HarnessGymException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TaskFileTest {
    @Test
    void aTaskFileWithoutFrontMatterOrHoldoutIsGivenWholeByteForByte() throws Exception {
        for (String example :
                new String[] {"examples/bugfix-java/task.md", "examples/optimize-java/task.md"}) {
            // The examples as the Python tool's task files were: the Markdown without front matter.
            String full = Files.readString(Path.of(example));
            String text = full.substring(full.indexOf("\n---\n") + 5);
            TaskFile task = TaskFile.parse(text, example);
            assertThat(task.agentText()).isEqualTo(text);
            assertThat(task.holdout()).isNull();
            assertThat(task.contract().isEmpty()).isTrue();
            // With it, the contract the examples declare.
            TaskContract contract = TaskFile.parse(full, example).contract();
            assertThat(contract.verify()).isEqualTo("sh check/run.sh");
            assertThat(contract.protectedPaths()).containsExactly("check");
            assertThat(TaskFile.parse(full, example).agentText()).isEqualTo(text);
        }
        String ruleInside = "# T\n\nDo it.\n\n---\n\nmore\n";
        assertThat(TaskFile.parse(ruleInside, "t").agentText()).isEqualTo(ruleInside);
    }

    @Test
    void theExpectedBehaviorSectionIsHeldOutWithItsSubsectionsAndNothingElse() {
        String text =
                """
                # Fix the parser

                Make it accept trailing commas.

                ## Expected Behavior

                `parse("[1,]")` returns `[1]` (SECRET-1).

                ### Edge cases

                Nested: SECRET-2.

                ```md
                ## Not a heading: inside a fence
                ```

                ## Notes

                Keep the public API.
                """;
        TaskFile task = TaskFile.parse(text, "t");
        assertThat(task.agentText())
                .contains("Make it accept trailing commas.", "## Notes", "Keep the public API.")
                .doesNotContain("SECRET", "Expected Behavior", "Edge cases", "inside a fence");
        assertThat(task.holdout())
                .startsWith("## Expected Behavior")
                .contains("SECRET-1", "### Edge cases", "SECRET-2", "## Not a heading")
                .doesNotContain("Keep the public API");
        assertThat(TaskFile.parse("# T\n\ndo\n\n### expected behavior\n\nhidden\n", "t").holdout())
                .contains("hidden");
    }

    @Test
    void theFrontMatterIsTheContract() {
        String text =
                """
                ---
                scope: [src/, tests/unit]
                protected: [check, tests/fixtures/data.json]
                verify: sh check/run.sh
                score: {key: reads, direction: lower}
                budgets: {wall_time: 30m, cost_usd: 2.5, iterations: 4}
                runner: {name: claude, model: m1}
                ---
                # Task

                Do the thing.
                """;
        TaskFile task = TaskFile.parse(text, "t");
        TaskContract c = task.contract();
        assertThat(c.scope()).containsExactly("src", "tests/unit");
        assertThat(c.protectedPaths()).containsExactly("check", "tests/fixtures/data.json");
        assertThat(c.verify()).isEqualTo("sh check/run.sh");
        assertThat(c.scoreKey()).isEqualTo("reads");
        assertThat(c.higherIsBetter()).isFalse();
        assertThat(c.wallTimeSeconds()).isEqualTo(1800);
        assertThat(c.costUsd()).isEqualTo(2.5);
        assertThat(c.iterations()).isEqualTo(4);
        assertThat(c.runner()).isEqualTo("claude");
        assertThat(c.model()).isEqualTo("m1");
        assertThat(task.agentText()).isEqualTo("# Task\n\nDo the thing.\n");
        assertThat(task.text()).isEqualTo(text);
    }

    @Test
    void everyProblemInTheFrontMatterIsNamedInOneError() {
        String text =
                """
                ---
                scope: ../outside
                verfy: sh x
                score: {direction: sideways, colour: red}
                budgets: {iterations: 0, cost_usd: -1}
                ---
                Do it.
                """;
        assertThatThrownBy(() -> TaskFile.parse(text, "task.md"))
                .isInstanceOf(HarnessGymException.class)
                .hasMessageStartingWith("task.md: ")
                .hasMessageContaining("scope ../outside")
                .hasMessageContaining("unknown key 'verfy'")
                .hasMessageContaining("score.direction is 'sideways'")
                .hasMessageContaining("score: unknown key 'colour'")
                .hasMessageContaining("budgets.iterations")
                .hasMessageContaining("budgets.cost_usd");
    }

    @Test
    void brokenFrontMatterAndATaskWithNothingToShowAreClearErrors() {
        assertThatThrownBy(() -> TaskFile.parse("---\nverify: [unclosed\n---\nx\n", "t.md"))
                .hasMessageContaining("t.md: the front matter is not YAML");
        assertThatThrownBy(() -> TaskFile.parse("---\nverify: x\n\nDo it.\n", "t.md"))
                .hasMessageContaining("never closed");
        assertThatThrownBy(() -> TaskFile.parse("---\n- a\n- b\n---\nx\n", "t.md"))
                .hasMessageContaining("must be a mapping");
        assertThatThrownBy(() -> TaskFile.parse("## Expected Behavior\n\nall hidden\n", "t.md"))
                .hasMessageContaining("no text an agent could be given");
    }
}
