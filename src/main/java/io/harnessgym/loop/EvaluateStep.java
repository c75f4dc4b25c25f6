package io.harnessgym.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.runner.Phase;
import io.harnessgym.runner.PhaseFiles;
import io.harnessgym.snapshot.Change;
import io.harnessgym.snapshot.Snapshot;
import io.harnessgym.task.CheckCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The optional evaluator ({@code --evaluator-runner}): after the attempt, a fresh session of its
 * own, given the task and its holdout, judges the attempt's tree. Its verdict is its own ({@code
 * evaluation} in the iteration's record and {@code evaluation.json}): it never sets solved,
 * verified or a score. It must not change anything: what it changed in the workspace (against the
 * attempt's snapshot), in {@code .git} or in {@code .harnessgym} voids its verdict, and the
 * workspace is put back to the attempt's tree before the attempt is scored.
 */
final class EvaluateStep implements Step {
    /**
     * What the evaluator said and whether it counts.
     *
     * @param verdict the JSON object it wrote ({@code harnessgym-result.json}), or null
     * @param passed what its {@code status} says, or null without one
     * @param edits what it changed ({@code +}, {@code ~}, {@code -} first)
     * @param voided whether the edits void the verdict
     */
    record Evaluation(
            String runner,
            String status,
            JsonNode verdict,
            Boolean passed,
            Double score,
            List<String> edits,
            boolean voided,
            String file) {
        Evaluation {
            edits = List.copyOf(edits);
        }
    }

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public boolean changesWorkspace() {
        return false; // what it changes is put back
    }

    @Override
    public Duration timeout(Run run, Iteration it) {
        return run.config.evaluator() == null
                ? null
                : Duration.ofSeconds(run.config.evaluator().timeoutSeconds());
    }

    @Override
    public Path events(Iteration it) {
        return PhaseFiles.in(it.dir, Phase.EVALUATE).stdout();
    }

    @Override
    public StepOutcome run(Run run, Iteration it) {
        if (run.config.evaluator() == null || run.evaluator == null) {
            return new StepOutcome.Skipped("no evaluator (--evaluator-runner)");
        }
        String attempt = it.phaseStatus("attempt");
        if (attempt == null || "error".equals(attempt)) {
            return new StepOutcome.Skipped("there is no attempt to evaluate");
        }
        Snapshot tree = run.resumePoint;
        String prompt =
                run.prompts.render(
                        "evaluate",
                        Map.of(
                                "iteration",
                                Integer.toString(it.number),
                                "task",
                                run.task,
                                "holdout",
                                run.holdout == null
                                        ? "(the task holds nothing back)"
                                        : run.holdout));
        StepOutcome outcome =
                PhaseSteps.agent(
                        run,
                        run.evaluator,
                        it,
                        Phase.EVALUATE,
                        "evaluate",
                        it.dir,
                        prompt,
                        timeout(run, it));
        JsonNode verdict = it.claims.remove("evaluate");
        if (verdict != null && verdict.isEmpty()) {
            verdict = null;
        }
        List<String> edits = new ArrayList<>();
        List<Change> changed = run.store.diffLive(tree.id());
        changed.forEach(c -> edits.add(c.shown()));
        it.controlEdits.stream()
                .filter(e -> e.phase().equals("evaluate"))
                .forEach(e -> edits.add(e.change()));
        if (!changed.isEmpty()) {
            run.store.restore(tree.id());
        }
        Boolean passed =
                verdict == null || !verdict.path("status").isTextual()
                        ? null
                        : CheckCommand.isPassed(verdict.path("status").asText());
        Path file = it.dir.resolve("evaluation.json");
        it.evaluation =
                new Evaluation(
                        run.config.evaluator().runner().id(),
                        it.phaseStatus("evaluate"),
                        verdict,
                        passed,
                        CheckCommand.score(verdict, run.config.scoreKey()),
                        edits,
                        !edits.isEmpty(),
                        file.toString());
        Orchestrator.write(file, it.evaluation);
        String said =
                passed == null ? "no verdict" : passed ? "the evaluator passed it" : "it failed";
        if (!edits.isEmpty()) {
            return new StepOutcome.Done(
                    said + ", voided: the evaluator changed " + edits.size() + " path(s)");
        }
        return outcome instanceof StepOutcome.Done ? new StepOutcome.Done(said) : outcome;
    }
}
