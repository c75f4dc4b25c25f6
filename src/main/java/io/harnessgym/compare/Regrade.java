package io.harnessgym.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.snapshot.Excludes;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.task.CheckCommand;
import io.harnessgym.task.ProtectedPaths;
import io.harnessgym.task.TaskFile;
import io.harnessgym.workspace.AtomicFiles;
import io.harnessgym.workspace.FileTrees;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code compare regrade}: the check of every finished trial run again, without running an agent:
 * each attempt's snapshot (in the trial's own store) materialised in a room, the protected paths
 * put back from a new snapshot of this workspace (where the scorer was fixed), the plan's check run
 * confined, the trial's solved, score and check status replaced. A trial invalid for another reason
 * (protected edits, no harness use) stays invalid.
 */
public final class Regrade {
    private final CompareContext context;
    private final Consumer<String> progress;

    public Regrade(CompareContext context, Consumer<String> progress) {
        this.context = context;
        this.progress = progress;
    }

    public Compare.Outcome run(ComparePlan plan, String checkOverride) throws IOException {
        Compare compare = new Compare(context, progress);
        List<Trial> trials = compare.finishedTrials(plan);
        Path rooms = context.dir().resolve("regrade-rooms");
        FileTrees.delete(rooms);
        String at = Instant.now().toString();
        List<Trial> regraded = new ArrayList<>();
        try (SnapshotStore template = context.openStore()) {
            String fixed =
                    template.take("compare-" + plan.compareId() + "-regrade", Excludes.DEFAULT)
                            .id();
            for (Trial trial : trials) {
                Trial again = regrade(plan, trial, template, fixed, rooms, checkOverride, at);
                AtomicFiles.writeString(
                        context.trialDir(trial.key()).resolve("trial.json"),
                        Json.pretty(again) + "\n");
                regraded.add(again);
                progress.accept(
                        "regraded "
                                + trial.key().id()
                                + ": "
                                + (again.solved() ? "solved" : "not solved")
                                + (again.score() == null ? "" : ", score " + again.score()));
            }
        } finally {
            FileTrees.delete(rooms);
        }
        CompareReport report = CompareReport.of(plan, regraded, List.of(), plan.order());
        return new Compare.Outcome(ReportFiles.write(context.dir(), report), report);
    }

    private Trial regrade(
            ComparePlan plan,
            Trial trial,
            SnapshotStore template,
            String fixed,
            Path rooms,
            String checkOverride,
            String at)
            throws IOException {
        PlanTask task = plan.task(trial.task());
        Path dir = context.trialDir(trial.key());
        Path runDir = dir.resolve("state/runs").resolve(trial.runId()).resolve("iterations");
        String text = Json.readUtf8(context.taskFile(task), context.taskFile(task));
        String holdout = TaskFile.parse(text, task.path()).holdout();
        String check = checkOverride != null ? checkOverride : task.check();
        boolean solved = false;
        Double best = null;
        String status = null;
        if (Files.isDirectory(runDir) && trial.protectedEdits().isEmpty()) {
            Workspace ws = Workspace.open(dir.resolve("workspace"));
            StateDir state = new StateDir(dir.resolve("state"));
            for (int n = 1; n <= trial.iterationsCompleted(); n++) {
                Path file = runDir.resolve(Integer.toString(n)).resolve("result.json");
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                JsonNode result = Json.readTree(file, file);
                String snapshot = result.path("measured").path("snapshot").asText("");
                if (snapshot.isEmpty()) {
                    continue;
                }
                Path room = rooms.resolve(trial.key().id().replace('/', '_') + "-" + n);
                try (SnapshotStore store = SnapshotStore.open(ws, state)) {
                    store.materialize(snapshot, room);
                }
                ProtectedPaths.restore(
                        template,
                        fixed,
                        rooms.resolve("template-" + task.name()),
                        room,
                        task.protectedPaths());
                CheckCommand.Verdict verdict =
                        CheckCommand.run(
                                new CheckCommand.Spec(
                                        check,
                                        task.scoreKey(),
                                        holdout,
                                        Duration.ofSeconds(plan.settings().checkTimeoutSeconds()),
                                        List.of(context.state().root())),
                                room,
                                dir.resolve("regrade-" + n + ".stdout.txt"),
                                dir.resolve("regrade-" + n + ".stderr.txt"),
                                context.env());
                status = TrialRun.checkStatus(verdict.passed(), verdict.timedOut(), verdict.json());
                if (verdict.passed()) {
                    solved = true;
                    Double score = verdict.score();
                    if (score != null
                            && (best == null
                                    || (task.higherIsBetter() ? score > best : score < best))) {
                        best = score;
                    }
                }
                FileTrees.delete(room);
            }
        }
        String reason = trial.comparisonInvalidReason();
        boolean aboutCheck = reason == null || reason.startsWith("the check gave no verdict");
        String newReason =
                aboutCheck
                        ? (status == null || status.equals("passed") || status.equals("failed")
                                ? null
                                : "the check gave no verdict (" + status + ")")
                        : reason;
        if (status == null && aboutCheck) {
            newReason = "the check gave no verdict (not run)";
        }
        boolean valid = newReason == null;
        return trial.regraded(valid && solved, valid ? best : null, status, valid, newReason, at);
    }
}
