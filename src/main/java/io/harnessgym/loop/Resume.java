package io.harnessgym.loop;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.snapshot.Change;
import io.harnessgym.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Puts an interrupted run back together from its private records: the workspace must be as the last
 * completed step left it (its snapshot in {@code state.json}; any difference refuses the resume,
 * naming the paths), then the baseline, best checkpoint, cost and time spent come back from the
 * state, the finished iterations from their {@code result.json}, and what is active is activated
 * again from the registry and the private quarantine.
 */
final class Resume {
    private Resume() {}

    static void setUp(Run run, RunState at, List<IterationRecord> records, boolean discard) {
        List<Change> changed = run.store.diffLive(at.workspaceSnapshot());
        if (!changed.isEmpty() && discard) {
            // Kept first, so that nothing is lost: 'harnessgym snapshot restore' brings it back.
            var kept =
                    run.store.take(
                            "before-resume-" + run.config.runId(),
                            io.harnessgym.snapshot.Excludes.DEFAULT);
            run.store.restore(at.workspaceSnapshot());
            var figures = Json.object();
            figures.put("kept", kept.id());
            figures.put("paths", changed.size());
            run.ledger.record(
                    at.iteration(),
                    "resume-discard",
                    "done",
                    "put the workspace back to the last completed step; the changes are in snapshot "
                            + kept.shortId(),
                    figures);
            run.listener.note(
                    "discarded "
                            + changed.size()
                            + " changed path(s) (kept in snapshot "
                            + kept.shortId()
                            + ")");
        } else if (!changed.isEmpty()) {
            List<String> shown =
                    changed.stream()
                            .limit(5)
                            .map(c -> c.kind().name().toLowerCase() + " " + c.path())
                            .toList();
            throw HarnessGymException.badInput(
                    "the workspace changed since run "
                            + run.config.runId()
                            + " stopped ("
                            + changed.size()
                            + " path(s): "
                            + io.harnessgym.text.Terminal.line(String.join(", ", shown))
                            + (changed.size() > 5 ? ", ..." : "")
                            + "); the interrupted step's changes? --discard-changes puts the"
                            + " workspace back to where the last completed step left it (they are"
                            + " kept in a snapshot), and that step runs again");
        }
        run.baseline = run.store.find(at.baseline());
        run.resumePoint = run.store.find(at.workspaceSnapshot());
        run.bestScore = at.bestScore();
        run.best = at.best();
        run.baselineMeasured = at.baselineMeasured();
        run.costUsd = at.costUsd();
        run.tokens = at.tokens();
        run.elapsedBefore = at.elapsedSeconds();
        run.bundles.putAll(at.bundles());
        int finished = at.iterationDone() ? at.iteration() : at.iteration() - 1;
        for (int n = 1; n <= finished; n++) {
            records.add(record(run.dir.resolve("iterations").resolve(Integer.toString(n))));
        }
        run.activate();
        var figures = Json.object();
        figures.put("iteration", at.iteration());
        figures.put("steps_done", at.stepsDone());
        figures.put("workspace", at.workspaceSnapshot());
        run.ledger.record(
                at.iteration(),
                "resume",
                "done",
                "resumed after step " + at.stepsDone() + " of iteration " + at.iteration(),
                figures);
        run.listener.note(
                "resuming run "
                        + run.config.runId()
                        + " at iteration "
                        + at.iteration()
                        + ", after "
                        + at.stepsDone()
                        + " step(s)");
    }

    /** An iteration's {@code result.json}, as harnessgym wrote it. */
    static IterationRecord record(Path itDir) {
        Path file = itDir.resolve("result.json");
        if (!Files.isRegularFile(file)) {
            throw HarnessGymException.badInput("cannot resume: " + file + " is missing");
        }
        return Json.readRecord(file, IterationRecord.class, "an iteration record");
    }
}
