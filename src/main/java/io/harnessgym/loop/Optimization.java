package io.harnessgym.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.snapshot.Excludes;
import io.harnessgym.snapshot.Snapshot;
import io.harnessgym.workspace.Json;
import java.io.IOException;

/**
 * Optimization mode: the baseline is scored before the first attempt (its verified score is the one
 * to beat, and the baseline tree is the first checkpoint); every verified better score makes the
 * attempt's snapshot the best checkpoint (the very tree that was scored, so nothing is copied); at
 * the end the workspace is put back to the best checkpoint, unless {@code --no-restore-best}, and
 * scored again. The snapshots leave out {@code .harnessgym} and the agents' projections, so a
 * restore never touches the bundle or what is active.
 */
final class Optimization {
    private Optimization() {}

    /** What the restore at the end did, and the restored tree's measurement. */
    record Restored(
            int iteration,
            String snapshot,
            int written,
            int removed,
            Score.Measured measured,
            String problem) {}

    /** Scores the baseline; its verified score becomes the best so far. */
    static void scoreBaseline(Run run) {
        Iteration it = new Iteration(0, run.dir.resolve("baseline"), run.config);
        io.harnessgym.runner.AgentProcess.createDirectories(it.dir);
        ObjectNode figures = Json.object();
        try {
            run.baselineMeasured = Score.measure(run, it, run.baseline);
        } catch (IOException e) {
            run.ledger.record(
                    0,
                    "baseline-score",
                    "failed",
                    "the scoring room could not be made: " + e.getMessage(),
                    null);
            return;
        }
        it.measured = run.baselineMeasured;
        figures.put("passed", it.verified());
        if (it.score() != null) {
            figures.put("score", it.score());
        }
        // Only a verified score is one to beat (the Python tool took any number: B2).
        if (it.verified() && it.score() != null) {
            run.bestScore = it.score();
            run.best = new Run.Checkpoint(0, run.baseline.id(), it.score());
        }
        run.ledger.record(
                0,
                "baseline-score",
                "done",
                "baseline " + (it.verified() ? "passed" : "did not pass"),
                figures);
    }

    /** Puts the workspace back to the best checkpoint and scores it again. */
    static void restoreBest(Run run) {
        if (!run.config.optimizationMode() || !run.config.restoreBest() || run.best == null) {
            return;
        }
        Run.Checkpoint best = run.best;
        try {
            var restored = run.store.restore(best.snapshot());
            Snapshot now = run.store.take("restored-best-" + run.config.runId(), Excludes.DEFAULT);
            Iteration check = new Iteration(0, run.dir.resolve("restored_best"), run.config);
            io.harnessgym.runner.AgentProcess.createDirectories(check.dir);
            Score.Measured measured = Score.measure(run, check, now);
            run.restored =
                    new Restored(
                            best.iteration(),
                            best.snapshot(),
                            restored.written().size(),
                            restored.removed().size(),
                            measured,
                            null);
            ObjectNode figures = Json.object();
            figures.put("snapshot", best.snapshot());
            figures.put("written", restored.written().size());
            figures.put("removed", restored.removed().size());
            run.ledger.record(
                    0,
                    "restore-best",
                    "done",
                    "restored the best checkpoint (iteration " + best.iteration() + ")",
                    figures);
        } catch (IOException | RuntimeException e) {
            String problem = e.getMessage() == null ? e.toString() : e.getMessage();
            run.restored = new Restored(best.iteration(), best.snapshot(), 0, 0, null, problem);
            run.ledger.record(0, "restore-best", "failed", problem, null);
        }
    }

    /** The baseline's verified score, or null. */
    static Double baselineScore(Run run) {
        return run.baselineMeasured != null && run.baselineMeasured.passed()
                ? run.baselineMeasured.score()
                : null;
    }

    /** The summary's {@code optimization} object (the Python keys), or null when off. */
    static ObjectNode summary(Run run) {
        RunConfig config = run.config;
        if (!config.optimizationMode()) {
            return null;
        }
        ObjectNode o = Json.object();
        o.put("enabled", true);
        o.put("score_key", config.scoreKey());
        o.put("higher_is_better", config.higherIsBetter());
        Double baseline = baselineScore(run);
        putNumber(o, "baseline_score", baseline);
        o.put("baseline_passed", run.baselineMeasured != null && run.baselineMeasured.passed());
        putNumber(o, "best_score", run.bestScore);
        boolean improved =
                run.best != null
                        && run.best.iteration() > 0
                        && config.better(run.bestScore, baseline);
        o.put("improved", improved);
        o.put("restore_best", config.restoreBest());
        if (run.best != null) {
            ObjectNode checkpoint = o.putObject("best_checkpoint");
            checkpoint.put("iteration", run.best.iteration());
            checkpoint.put("snapshot", run.best.snapshot());
        }
        if (baseline != null && run.bestScore != null) {
            double delta = run.bestScore - baseline;
            o.put("absolute_delta_from_baseline", delta);
            if (baseline != 0) {
                o.put(
                        config.higherIsBetter() ? "relative_improvement" : "relative_reduction",
                        (config.higherIsBetter() ? delta : -delta) / Math.abs(baseline));
            }
        }
        if (!config.restoreBest()) {
            o.put("restore_reason", "disabled_by_config");
        } else if (run.best == null) {
            o.put("restore_reason", "no_checkpoint_captured");
        }
        if (run.restored != null) {
            o.set("restored", Json.MAPPER.valueToTree(run.restored));
        }
        return o;
    }

    /** {@code key}: the number, or null. */
    static void putNumber(ObjectNode o, String key, Double value) {
        if (value == null) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }
}
