package io.harnessgym.task;

import io.harnessgym.snapshot.Change;
import io.harnessgym.snapshot.Snapshot;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.workspace.AtomicFiles;
import io.harnessgym.workspace.FileTrees;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code harnessgym task check}: the task's check run {@code N} times on the untouched baseline
 * (the noop) and {@code N} times on the oracle's solution, each run in a clean room of its own made
 * from the baseline snapshot, with the protected paths put back from it, exactly as {@code run}
 * scores an attempt. {@link TaskJudgement} says whether that makes a task worth running.
 */
public final class TaskCheck {
    /** How to check: the check, the score, the contract's paths, the holdout, the runs. */
    public record Options(
            String command,
            String scoreKey,
            Boolean higherIsBetter,
            double tolerance,
            List<String> protectedPaths,
            List<String> scope,
            String holdout,
            Duration timeout,
            int runs,
            boolean keepRooms) {
        public Options {
            protectedPaths = List.copyOf(protectedPaths);
            scope = List.copyOf(scope);
        }
    }

    /**
     * One run of the check: on the noop or the oracle; why the oracle could not be applied (then no
     * verdict); the check's verdict and output files; what the oracle changed from the baseline
     * ({@code +}, {@code ~}, {@code -} first).
     */
    public record CheckRun(
            String subject,
            int run,
            String problem,
            CheckCommand.Verdict verdict,
            String stdoutPath,
            String stderrPath,
            List<String> changes) {
        public CheckRun {
            changes = List.copyOf(changes);
        }

        boolean passed() {
            return verdict != null && verdict.passed();
        }

        Double score() {
            return verdict == null ? null : verdict.score();
        }
    }

    private final SnapshotStore store;
    private final Map<String, String> env;
    private final Snapshot baseline;
    private final Options options;
    private final CheckCommand.Spec spec;

    /** Where the runs' output goes (private) and where their rooms are. */
    private final Path dir;

    private final Path rooms;

    private TaskCheck(
            SnapshotStore store,
            StateDir state,
            Map<String, String> env,
            Snapshot baseline,
            Options options,
            String id) {
        this.store = store;
        this.env = env;
        this.baseline = baseline;
        this.options = options;
        this.dir = state.root().resolve("task-checks").resolve(id);
        this.rooms = state.roomsDir().resolve(id);
        this.spec =
                new CheckCommand.Spec(
                        options.command(),
                        options.scoreKey(),
                        options.holdout(),
                        options.timeout(),
                        List.of(state.root(), state.roomsDir()));
    }

    /** Runs every check and judges them; the report is written to the state directory. */
    public static TaskCheckReport check(
            SnapshotStore store,
            StateDir state,
            Map<String, String> env,
            Snapshot baseline,
            Oracle oracle,
            Options options,
            String taskName) {
        Instant started = Instant.now();
        String id =
                "task-check-"
                        + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                                .withZone(ZoneOffset.UTC)
                                .format(started)
                        + "-"
                        + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16));
        TaskCheck check = new TaskCheck(store, state, env, baseline, options, id);
        List<CheckRun> noop = new ArrayList<>();
        List<CheckRun> solved = new ArrayList<>();
        try {
            Files.createDirectories(check.dir);
            Files.createDirectories(check.rooms);
            for (int run = 1; run <= options.runs(); run++) {
                noop.add(check.one(null, run));
                solved.add(check.one(oracle, run));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!options.keepRooms()) {
                try {
                    FileTrees.delete(check.rooms);
                } catch (IOException e) {
                    // state gc removes it
                }
            }
        }
        TaskJudgement judgement = TaskJudgement.of(options, noop, solved);
        Path reportFile = check.dir.resolve("report.json");
        TaskCheckReport report =
                new TaskCheckReport(
                        judgement.valid(),
                        judgement.reasons().stream().map(TaskJudgement.Reason::text).toList(),
                        judgement.failures(),
                        judgement.notes(),
                        taskName,
                        options.command(),
                        oracle.kind(),
                        oracle.shown(),
                        baseline.id(),
                        options.runs(),
                        options.tolerance(),
                        options.higherIsBetter() == null
                                ? null
                                : options.higherIsBetter() ? "higher" : "lower",
                        noop,
                        solved,
                        judgement.protectedEdits(),
                        judgement.outOfScope(),
                        solved.stream()
                                .map(CheckRun::verdict)
                                .filter(v -> v != null)
                                .map(CheckCommand.Verdict::sandbox)
                                .findFirst()
                                .orElse(null),
                        reportFile.toString(),
                        Duration.between(started, Instant.now()).toMillis() / 1000.0,
                        started.toString());
        AtomicFiles.writeString(reportFile, Json.pretty(Json.MAPPER.valueToTree(report)) + "\n");
        return report;
    }

    /** One run of the check on the noop ({@code oracle} null) or on the oracle's solution. */
    private CheckRun one(Oracle oracle, int run) throws IOException {
        String subject = oracle == null ? "noop" : "oracle";
        String name = subject + "-" + run;
        Path room = rooms.resolve(name);
        store.materialize(baseline.id(), room);
        room = room.toRealPath();
        List<String> changes = List.of();
        if (oracle != null) {
            String problem =
                    oracle.applyIn(
                            new RoomProcess(
                                    room,
                                    options.timeout(),
                                    spec.hidden(),
                                    dir.resolve(name + ".apply.stdout.txt"),
                                    dir.resolve(name + ".apply.stderr.txt"),
                                    env));
            if (problem != null) {
                FileTrees.delete(room);
                return new CheckRun(subject, run, problem, null, null, null, List.of());
            }
            changes = store.diffFolder(baseline.id(), room).stream().map(Change::shown).toList();
            // The noop's room is the baseline already; the oracle's gets the protected paths back.
            ProtectedPaths.restore(
                    store,
                    baseline.id(),
                    rooms.resolve("baseline"),
                    room,
                    options.protectedPaths());
        }
        Path out = dir.resolve(name + ".stdout.txt");
        Path err = dir.resolve(name + ".stderr.txt");
        CheckCommand.Verdict verdict = CheckCommand.run(spec, room, out, err, env);
        if (!options.keepRooms()) {
            FileTrees.delete(room);
        }
        return new CheckRun(subject, run, null, verdict, out.toString(), err.toString(), changes);
    }
}
