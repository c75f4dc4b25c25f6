package io.harnessgym.compare;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.qualify.ArtifactVerdict;
import io.harnessgym.qualify.Qualifier;
import io.harnessgym.qualify.Repairer;
import io.harnessgym.snapshot.Excludes;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.workspace.AtomicFiles;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import io.harnessgym.workspace.WorkspaceLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code harnessgym compare}, as ordered steps over one context: fix the plan (template snapshot,
 * staged and qualified bundle, tasks, seeded order), run the trials this process owns that have no
 * {@code trial.json} yet (up to {@code parallel} at once, each in its own workspace, state and
 * agent homes), then write the report (JSON, Markdown, HTML) from every finished trial. A stopped
 * compare goes on with {@link #resume}: the plan is read back and only missing trials run.
 */
public final class Compare {
    private final CompareContext context;
    private final Consumer<String> progress;

    public Compare(CompareContext context, Consumer<String> progress) {
        this.context = context;
        this.progress = progress;
    }

    /** Where a report went and what it says. */
    public record Outcome(Path report, CompareReport content) {}

    /** A new compare: fixes and writes the plan. */
    public ComparePlan plan(PlanRequest request) {
        if (Files.exists(context.planFile())) {
            throw HarnessGymException.badInput(
                    "compare "
                            + request.compareId()
                            + " exists already ("
                            + context.dir()
                            + "); --resume it, or pick another --compare-id");
        }
        createDirectories(context.dir());
        BundleSource source = null;
        List<String> skipped = List.of();
        String bundleDigest = null;
        if (request.arms().contains(Arm.HARNESSED)) {
            source = BundleSource.resolve(request.artifactSource(), context.workspace());
            if (!source.own() && !request.trustBundle()) {
                throw HarnessGymException.badInput(
                        "--artifact-source "
                                + source.bundle()
                                + " is not this workspace's own bundle;"
                                + " its servers and self-tests would run here (confined, but with your"
                                + " agent's settings): pass --trust-bundle if you trust it");
            }
            skipped = source.stage(context.bundleDir());
            bundleDigest = BundleSource.digest(context.bundleDir());
        }
        java.util.Set<String> seen =
                source == null ? java.util.Set.of() : source.seenTasks(context.state());
        List<PlanTask> tasks = new ArrayList<>();
        for (PlanRequest.TaskInput input : request.tasks()) {
            PlanTask task = input.task();
            boolean wasSeen =
                    seen.contains(task.digest())
                            || (task.path() != null
                                    && seen.contains("file:" + Path.of(task.path()).getFileName()));
            tasks.add(task.withSeen(wasSeen));
            Path file = context.taskFile(task);
            createDirectories(file.getParent());
            AtomicFiles.writeString(file, input.text());
        }
        String template;
        String content;
        try (WorkspaceLock lock =
                        WorkspaceLock.acquire(
                                context.workspace(), "compare " + request.compareId());
                SnapshotStore store = context.openStore()) {
            template =
                    store.take("compare-" + request.compareId() + "-template", Excludes.DEFAULT)
                            .id();
            content = io.harnessgym.snapshot.TreeDigest.of(store, template);
        }
        ComparePlan plan =
                new ComparePlan(
                        request.compareId(),
                        Instant.now().toString(),
                        template,
                        content,
                        source == null ? null : source.bundle().toString(),
                        bundleDigest,
                        skipped,
                        tasks,
                        request.arms(),
                        request.trials(),
                        request.seed(),
                        TrialOrder.of(
                                tasks.stream().map(PlanTask::name).toList(),
                                request.arms(),
                                request.trials(),
                                request.seed()),
                        request.settings());
        if (source != null) {
            qualifyBundle(plan);
        }
        AtomicFiles.writeString(context.planFile(), Json.pretty(plan) + "\n");
        return plan;
    }

    /** The plan of a compare that exists. */
    public ComparePlan recordedPlan() {
        if (!Files.isRegularFile(context.planFile())) {
            throw HarnessGymException.badInput(
                    "no compare at " + context.dir() + " (no compare_plan.json)");
        }
        return Json.readRecord(context.planFile(), ComparePlan.class, "a compare plan");
    }

    /**
     * The bundle, qualified once before any trial in a clean copy of the template: what fails is
     * reported, and a bundle with nothing that passes is refused when the harnessed arm needs an
     * active harness.
     */
    private void qualifyBundle(ComparePlan plan) {
        Path dir = context.dir().resolve("qualify");
        Path root = dir.resolve("workspace");
        try (SnapshotStore store = context.openStore()) {
            store.materialize(plan.templateSnapshot(), root);
        }
        io.harnessgym.qualify.BundleCopy.copy(
                context.bundleDir(), root.resolve(Workspace.BUNDLE_DIR), false);
        Workspace ws = Workspace.open(root);
        StateDir state = context.qualificationState();
        state.ensure();
        Qualifier.Outcome outcome;
        try (WorkspaceLock lock = WorkspaceLock.acquire(ws, "compare qualification")) {
            outcome =
                    new Qualifier(
                                    ws,
                                    state,
                                    context.env(),
                                    context.launcher(),
                                    Qualifier.Options.DEFAULT)
                            .qualifyWithRepairs(0, Repairer.NONE, true);
        }
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        if (outcome.last() != null) {
            for (ArtifactVerdict verdict : outcome.last().artifacts()) {
                (verdict.passed() ? passed : failed).add(verdict.artifactId());
            }
        }
        var record = Json.object();
        record.set("passed", Json.MAPPER.valueToTree(passed));
        record.set("failed", Json.MAPPER.valueToTree(failed));
        record.set("quarantined", Json.MAPPER.valueToTree(outcome.quarantined()));
        record.put("report_path", outcome.last() == null ? null : outcome.last().reportPath());
        AtomicFiles.writeString(
                context.dir().resolve("bundle_qualification.json"), Json.pretty(record) + "\n");
        progress.accept(
                "bundle qualified: " + passed.size() + " passed, " + failed.size() + " failed");
        if (passed.isEmpty() && plan.settings().requireActiveHarness()) {
            throw HarnessGymException.badInput(
                    "nothing in the bundle qualified ("
                            + (failed.isEmpty()
                                    ? "it holds no artifact"
                                    : "failed: " + String.join(", ", failed))
                            + "); the harnessed arm would have no harness (see "
                            + context.dir().resolve("bundle_qualification.json")
                            + ")");
        }
    }

    /** Runs the missing trials of {@code shard} (null: all), then writes the report. */
    public Outcome run(ComparePlan plan, Shard shard, int parallel) {
        List<TrialKey> mine = plan.shard(shard);
        List<Trial> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<TrialKey> todo = new ArrayList<>();
        for (TrialKey key : mine) {
            Trial done = finishedTrial(key);
            if (done != null) {
                finished.add(done);
            } else {
                todo.add(key);
            }
        }
        if (!finished.isEmpty()) {
            progress.accept(
                    finished.size() + " trial(s) finished already; " + todo.size() + " to run");
        }
        java.util.concurrent.atomic.AtomicBoolean stopping =
                new java.util.concurrent.atomic.AtomicBoolean();
        Thread hook =
                new Thread(
                        () -> {
                            stopping.set(true);
                            writeReport(plan, shard, finished, mine);
                        },
                        "harnessgym-compare-report");
        Runtime.getRuntime().addShutdownHook(hook);
        int total = mine.size();
        try (SnapshotStore store = context.openStore()) {
            java.util.function.BooleanSupplier stopped =
                    () -> stopping.get() || io.harnessgym.process.Shutdown.inProgress();
            TrialRun runner = new TrialRun(context, plan, store, stopped);
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel), daemon());
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (TrialKey key : todo) {
                    int position = plan.order().indexOf(key);
                    futures.add(
                            pool.submit(
                                    () -> {
                                        if (stopped.getAsBoolean()) {
                                            return; // not started: a resume runs it
                                        }
                                        Trial trial = runOne(runner, key, position, stopped);
                                        if (trial != null) {
                                            finished.add(trial);
                                            progress.accept(
                                                    "trial "
                                                            + finished.size()
                                                            + "/"
                                                            + total
                                                            + " "
                                                            + key.id()
                                                            + ": "
                                                            + describe(trial));
                                        }
                                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook writes the report
            }
        }
        return writeReport(plan, shard, finished, mine);
    }

    private Trial runOne(
            TrialRun runner,
            TrialKey key,
            int position,
            java.util.function.BooleanSupplier stopping) {
        try {
            return runner.run(key, position);
        } catch (IOException | RuntimeException e) {
            if (stopping.getAsBoolean()) {
                return null; // the stop broke it, not the trial
            }
            // harnessgym's own failure for this trial: recorded as an invalid trial, never dropped
            Path dir = context.trialDir(key);
            Trial trial =
                    runner.read(
                            key,
                            position,
                            dir.resolve("state/runs").resolve(TrialRun.runId(key)),
                            dir.resolve("workspace"),
                            0,
                            e.getMessage() == null ? e.toString() : e.getMessage());
            AtomicFiles.writeString(dir.resolve("trial.json"), Json.pretty(trial) + "\n");
            return trial;
        }
    }

    private static String describe(Trial trial) {
        String what = trial.solved() ? "solved" : "not solved";
        if (trial.score() != null) {
            what += ", score " + trial.score();
        }
        if (!trial.comparisonValid()) {
            what += ", invalid (" + trial.comparisonInvalidReason() + ")";
        }
        if (trial.agentUnconfined()) {
            what += ", agent unconfined";
        }
        return io.harnessgym.text.Terminal.clean(what)
                + String.format(java.util.Locale.ROOT, " (%.1f s)", trial.durationSeconds());
    }

    Trial finishedTrial(TrialKey key) {
        Path file = context.trialDir(key).resolve("trial.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.readRecord(file, Trial.class, "a trial record");
        } catch (RuntimeException e) {
            return null; // unreadable: the trial runs again
        }
    }

    /** The report written again from every finished trial, the statistics recomputed. */
    public Outcome rebuildReport() {
        ComparePlan plan = recordedPlan();
        return writeReport(plan, null, finishedTrials(plan), plan.order());
    }

    /** Every finished trial of the plan (for a merged or regraded report). */
    List<Trial> finishedTrials(ComparePlan plan) {
        List<Trial> all = new ArrayList<>();
        for (TrialKey key : plan.order()) {
            Trial t = finishedTrial(key);
            if (t != null) {
                all.add(t);
            }
        }
        return all;
    }

    private synchronized Outcome writeReport(
            ComparePlan plan, Shard shard, List<Trial> trials, List<TrialKey> expected) {
        CompareReport report =
                CompareReport.of(
                        plan,
                        List.copyOf(trials),
                        shard == null ? List.of() : List.of(shard.id()),
                        expected);
        Path dir =
                shard == null ? context.dir() : context.dir().resolve("shards").resolve(shard.id());
        return new Outcome(ReportFiles.write(dir, report), report);
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "harnessgym-trial");
            t.setDaemon(true);
            return t;
        };
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
