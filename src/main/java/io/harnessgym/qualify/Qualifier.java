package io.harnessgym.qualify;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.activation.Activation;
import io.harnessgym.activation.Activator;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.process.Sandbox;
import io.harnessgym.registry.ArtifactKind;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.ArtifactState;
import io.harnessgym.registry.QualificationRecord;
import io.harnessgym.registry.QualificationRecord.Verdict;
import io.harnessgym.registry.RegistryService;
import io.harnessgym.registry.RegistryStore;
import io.harnessgym.registry.TrustRecords;
import io.harnessgym.snapshot.Excludes;
import io.harnessgym.snapshot.Snapshot;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import io.harnessgym.workspace.WorkspaceLock;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Clean-room qualification. For each artifact with no private verdict at its current digest (and
 * not quarantined): a room materialised from the template snapshot, the bundle copied in, the
 * artifact's own checks, activation in the room. Servers and executable tests each get a room of
 * their own; the other kinds share one. Rooms are judged in parallel; each verdict is written to
 * the private records with the report's path. The caller holds the workspace lock.
 */
public final class Qualifier {
    /** How to qualify. {@code template} is a snapshot id, or null to take one now. */
    public record Options(
            boolean keepRooms,
            boolean retest,
            Excludes excludes,
            String template,
            int parallelism) {
        public static final Options DEFAULT = new Options(false, false, Excludes.DEFAULT, null, 8);
    }

    /**
     * A qualification with its repairs: every round's report and what was quarantined at the end.
     */
    public record Outcome(List<QualificationReport> rounds, List<String> quarantined) {
        public Outcome {
            rounds = List.copyOf(rounds);
            quarantined = List.copyOf(quarantined);
        }

        public QualificationReport last() {
            return rounds.get(rounds.size() - 1);
        }
    }

    private final Workspace workspace;
    private final StateDir state;
    private final Map<String, String> env;
    private final ProxyLauncher launcher;
    private final Options options;
    private final java.util.function.Supplier<Sandbox> sandbox;

    public Qualifier(
            Workspace workspace,
            StateDir state,
            Map<String, String> env,
            ProxyLauncher launcher,
            Options options) {
        this.workspace = workspace;
        this.state = state;
        this.env = Map.copyOf(env);
        this.launcher = launcher;
        this.options = options;
        // Whether bubblewrap works here is one trial run of it (~50 ms): it runs while the registry
        // is synced and the template taken, and the rooms wait for its answer.
        this.sandbox = Sandbox.detectAhead(this.env);
    }

    /** The confinement artifact commands run in: bubblewrap, or none (and why). */
    public Sandbox sandbox() {
        return sandbox.get();
    }

    /**
     * Qualifies, then up to {@code repairs} times hands the failures to {@code repairer} and judges
     * again what it changed. What still fails at the end is quarantined when {@code quarantine} is
     * set (with the reason and the report's path; its files are kept).
     */
    public Outcome qualifyWithRepairs(int repairs, Repairer repairer, boolean quarantine) {
        return new RepairLoop(this, state).run(repairs, repairer, quarantine);
    }

    /**
     * What {@link #qualifyThenActivate} did: the qualification (null when skipped) and the
     * activation.
     */
    public record Activated(QualificationReport qualification, Activation activation) {}

    /**
     * What {@code harnessgym activate} does, under one workspace lock: qualify what has no verdict
     * at its digest (unless {@code qualify} is false), then project what is qualified.
     */
    public Activated qualifyThenActivate(Activator.Target target, boolean qualify) {
        workspace.requireBundle(); // before the lock, which would make the folder
        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, "activate")) {
            QualificationReport qualification = qualify ? qualify() : null;
            return new Activated(
                    qualification,
                    new Activator(workspace, state, launcher).activateHoldingLock(target, false));
        }
    }

    /** One qualification pass. */
    public QualificationReport qualify() {
        long start = System.nanoTime();
        workspace.requireBundle();
        String id = newId();
        Path reportFile =
                state.ensureDir("qualifications").resolve(id).resolve("qualification.json");
        List<ArtifactReport> reports =
                new RegistryService(workspace, state).syncHoldingLock(null).reports();
        TrustRecords trust = TrustRecords.load(state);
        // The framing a passed record at the same digest saw: no detection probe for it again.
        Map<String, String> recordedFraming = new java.util.HashMap<>();
        List<ArtifactReport> candidates = new ArrayList<>();
        List<QualificationReport.Earlier> earlier = new ArrayList<>();
        List<ArtifactVerdict> verdicts = new ArrayList<>();
        for (ArtifactReport report : reports) {
            if (report.state() == ArtifactState.QUARANTINED
                    && !changedSinceQuarantine(trust, report)) {
                continue;
            }
            var onRecord = trust.recordAt(report.artifact().id(), report.digest());
            onRecord.filter(r -> r.verdict() == QualificationRecord.Verdict.PASSED)
                    .map(QualificationRecord::server)
                    .filter(server -> server.framing() != null)
                    .ifPresent(
                            server ->
                                    recordedFraming.put(report.artifact().id(), server.framing()));
            if (onRecord.isPresent() && !options.retest()) {
                QualificationRecord record = onRecord.get();
                earlier.add(
                        new QualificationReport.Earlier(
                                record.artifactId(),
                                record.digest(),
                                record.verdict(),
                                record.reason(),
                                record.reportPath()));
            } else if (!report.valid()) {
                verdicts.add(invalid(report));
            } else {
                candidates.add(report);
            }
        }
        Snapshot template = null;
        List<QualificationReport.Room> rooms = new ArrayList<>();
        List<JsonNode> activations = new ArrayList<>();
        if (!candidates.isEmpty()) {
            try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
                template =
                        options.template() == null
                                ? store.take("qualification template " + id, options.excludes())
                                : store.find(options.template());
                List<RoomJudge.Outcome> outcomes =
                        judgeAll(store, template.id(), id, plan(candidates), recordedFraming);
                for (RoomJudge.Outcome outcome : outcomes) {
                    verdicts.addAll(outcome.verdicts());
                    rooms.add(outcome.room());
                    if (outcome.activation() != null) {
                        activations.add(outcome.activation());
                    }
                }
                if (options.template() == null && !options.keepRooms()) {
                    // Taken for this pass only: its objects go at the next gc (--keep-clean-rooms
                    // keeps it, to rebuild a room).
                    store.drop(template.id());
                }
            } finally {
                if (!options.keepRooms()) {
                    CleanRooms.remove(state.roomsDir().resolve(id));
                }
            }
        }
        // The records as they were before any artifact ran: whatever an artifact wrote to the
        // state directory while being judged is overwritten, not merged.
        TrustRecords next = trust;
        String now = RegistryStore.now();
        for (ArtifactVerdict verdict : verdicts) {
            if (verdict.digest() != null) {
                next =
                        next.withQualification(
                                new QualificationRecord(
                                        verdict.artifactId(),
                                        verdict.digest(),
                                        verdict.verdict(),
                                        reportFile.toString(),
                                        now,
                                        verdict.passed() ? null : verdict.failureText(),
                                        verdict.server()));
            }
        }
        boolean passed =
                verdicts.stream().allMatch(ArtifactVerdict::passed)
                        && earlier.stream().allMatch(e -> e.verdict() == Verdict.PASSED);
        QualificationReport report =
                new QualificationReport(
                        1,
                        id,
                        now,
                        passed ? Verdict.PASSED : Verdict.FAILED,
                        workspace.root().toString(),
                        template == null
                                ? null
                                : new QualificationReport.Template(
                                        template.id(),
                                        template.files(),
                                        template.bytes(),
                                        options.template() != null || options.keepRooms()),
                        sandbox().id(),
                        sandbox() instanceof Sandbox.None none ? none.reason() : null,
                        verdicts,
                        earlier,
                        verdicts.stream()
                                .filter(ArtifactVerdict::passed)
                                .map(ArtifactVerdict::path)
                                .toList(),
                        verdicts.stream()
                                .filter(v -> !v.passed())
                                .map(ArtifactVerdict::path)
                                .toList(),
                        rooms,
                        activations,
                        reportFile.toString(),
                        CheckRecord.round((System.nanoTime() - start) / 1e9));
        // The report first, then the records that point at it: a kill in between leaves a report
        // no record names, never a record naming a missing report.
        Json.writeAtomic(reportFile, Json.MAPPER.valueToTree(report));
        next.save(state);
        return report;
    }

    /**
     * A quarantine holds for its content wherever it goes, and for the id until new content passes:
     * new content under a quarantined id is judged (and stays inactive until it passes).
     */
    private static boolean changedSinceQuarantine(TrustRecords trust, ArtifactReport report) {
        return report.digest() != null
                && trust.quarantines().stream().noneMatch(q -> report.digest().equals(q.digest()));
    }

    private static ArtifactVerdict invalid(ArtifactReport report) {
        return new ArtifactVerdict(
                report.artifact().id(),
                report.artifact().kind(),
                report.artifact().path(),
                report.digest(),
                Verdict.FAILED,
                List.of(
                        CheckRecord.failed(
                                Check.VALIDITY, String.join("; ", report.problems()), 0)),
                null,
                0,
                null);
    }

    /** Servers and executable tests get a room each; every other kind shares one. */
    private List<RoomJudge.Plan> plan(List<ArtifactReport> candidates) {
        List<RoomJudge.Plan> plans = new ArrayList<>();
        List<ArtifactReport> shared = new ArrayList<>();
        for (ArtifactReport report : candidates) {
            boolean own =
                    ArtifactKind.MCP.id().equals(report.artifact().kind())
                            || (ArtifactKind.TEST.id().equals(report.artifact().kind())
                                    && TestRun.applies(
                                            workspace.root().resolve(report.definition())));
            if (own) {
                String name =
                        String.format("%02d-%s", plans.size() + 1, slug(report.artifact().id()));
                plans.add(new RoomJudge.Plan(name, List.of(report)));
            } else {
                shared.add(report);
            }
        }
        if (!shared.isEmpty()) {
            plans.add(new RoomJudge.Plan("00-static", shared));
        }
        return plans;
    }

    private List<RoomJudge.Outcome> judgeAll(
            SnapshotStore store,
            String template,
            String id,
            List<RoomJudge.Plan> plans,
            Map<String, String> recordedFraming) {
        RoomJudge judge =
                new RoomJudge(workspace, state, env, launcher, sandbox(), recordedFraming);
        int threads = Math.max(1, Math.min(plans.size(), options.parallelism()));
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        threads,
                        runnable -> {
                            Thread thread = new Thread(runnable, "harnessgym-room");
                            thread.setDaemon(true);
                            return thread;
                        });
        try {
            Map<RoomJudge.Plan, Future<RoomJudge.Outcome>> futures = new LinkedHashMap<>();
            for (RoomJudge.Plan plan : plans) {
                futures.put(
                        plan,
                        pool.submit(
                                () -> judge.judge(store, template, id, plan, options.keepRooms())));
            }
            List<RoomJudge.Outcome> outcomes = new ArrayList<>();
            for (Future<RoomJudge.Outcome> future : futures.values()) {
                outcomes.add(future.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while qualifying", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("qualification failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String slug(String id) {
        String slug = id.replaceAll("[^A-Za-z0-9._-]+", "_");
        return slug.length() > 60 ? slug.substring(0, 60) : slug;
    }

    private static String newId() {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                        .format(ZonedDateTime.now(ZoneOffset.UTC))
                + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    }
}
