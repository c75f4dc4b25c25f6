package io.harnessgym.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import io.harnessgym.workspace.WorkspaceLock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The registry operations the commands offer; the mutating ones hold the workspace lock. States
 * come from the workspace's private {@link TrustRecords}; {@code registry.json} keeps a copy of the
 * quarantine for people and for the Python format.
 */
public final class RegistryService {
    private final Workspace workspace;
    private final StateDir state;

    public RegistryService(Workspace workspace, StateDir state) {
        this.workspace = workspace;
        this.state = state;
    }

    public Workspace workspace() {
        return workspace;
    }

    public StateDir state() {
        return state;
    }

    /**
     * The registry reconciled with the files, in memory only: nothing is written, no lock is taken.
     */
    public RegistrySync.Result view() {
        return reconcile(TrustRecords.load(state), null);
    }

    /** Reconciles and saves when anything changed. */
    public RegistrySync.Result sync(JsonNode iteration) {
        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, "registry sync")) {
            return syncHoldingLock(iteration);
        }
    }

    /**
     * {@link #sync} for a caller that already holds the workspace lock (the lock is not reentrant).
     * A quarantine marker found in {@code registry.json} (the Python HarnessGym's, or one a person
     * wrote) becomes a private record here, so removing the marker later lifts nothing.
     */
    public RegistrySync.Result syncHoldingLock(JsonNode iteration) {
        RegistryStore.ensureLayout(workspace);
        TrustRecords trust = TrustRecords.load(state);
        RegistrySync.Result result = reconcile(trust, iteration);
        TrustRecords imported = importMarkers(trust, result.reports());
        if (imported != trust) {
            imported.save(state);
        }
        if (result.changed() || !java.nio.file.Files.exists(workspace.registryFile())) {
            Registry saved = RegistryStore.save(workspace, result.registry());
            return new RegistrySync.Result(
                    saved, result.added(), result.pruned(), result.reports(), true);
        }
        return result;
    }

    private static TrustRecords importMarkers(TrustRecords trust, List<ArtifactReport> reports) {
        TrustRecords next = trust;
        for (ArtifactReport report : reports) {
            Artifact artifact = report.artifact();
            if (Quarantine.isQuarantined(artifact)
                    && trust.quarantineOf(artifact.id(), report.digest()).isEmpty()) {
                next =
                        next.withQuarantine(
                                new QuarantineRecord(
                                        artifact.id(),
                                        report.digest(),
                                        Quarantine.reason(artifact),
                                        "registry.json",
                                        null,
                                        RegistryStore.now()));
            }
        }
        return next;
    }

    /**
     * The registry file reconciled with the files. The bundle is scanned on another thread while
     * the main one parses {@code registry.json}: the two are independent, and each is a serial
     * step.
     */
    private RegistrySync.Result reconcile(TrustRecords trust, JsonNode iteration) {
        CompletableFuture<Discovery.Scan> scan =
                CompletableFuture.supplyAsync(() -> Discovery.scan(workspace));
        Registry registry;
        try {
            registry = RegistryStore.load(workspace);
        } catch (RuntimeException e) {
            scan.cancel(false);
            throw e;
        }
        Discovery.Scan found;
        try {
            found = scan.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return RegistrySync.reconcile(
                workspace, trust, registry, found, iteration, RegistryStore.now());
    }

    /**
     * Quarantines the artifact's current content: the private record first (the truth), then the
     * copy in {@code registry.json}.
     */
    public ArtifactReport quarantine(String id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new HarnessGymException(ExitCode.USAGE, "--reason must not be empty");
        }
        String why = reason.strip();
        return update(
                id,
                "registry quarantine",
                (target, trust) ->
                        trust.withQuarantine(
                                new QuarantineRecord(
                                        id,
                                        target.digest(),
                                        why,
                                        "manual",
                                        null,
                                        RegistryStore.now())),
                target ->
                        Quarantine.mark(
                                target.artifact(), why, target.digest(), RegistryStore.now()));
    }

    /** Lifts the quarantine; the artifact is unqualified until it qualifies again. */
    public ArtifactReport unquarantine(String id) {
        return update(
                id,
                "registry unquarantine",
                (target, trust) -> {
                    if (target.state() != ArtifactState.QUARANTINED) {
                        throw HarnessGymException.badInput(
                                id + " is not quarantined (it is " + target.state().id() + ")");
                    }
                    return trust.withoutQuarantine(id, target.digest());
                },
                target -> Quarantine.clear(target.artifact()));
    }

    /** How an update changes the private records. */
    @FunctionalInterface
    private interface RecordChange {
        TrustRecords apply(ArtifactReport target, TrustRecords trust);
    }

    /**
     * Syncs, changes one artifact's private records and its registry entry, saves both, and returns
     * its fresh report. An id that names several entries is refused: changing one would silently
     * overwrite the other.
     */
    private ArtifactReport update(
            String id,
            String command,
            RecordChange records,
            Function<ArtifactReport, Artifact> entry) {
        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, command)) {
            TrustRecords trust = TrustRecords.load(state);
            RegistrySync.Result synced = reconcile(trust, null);
            List<ArtifactReport> named =
                    synced.reports().stream()
                            .filter(report -> report.artifact().id().equals(id))
                            .toList();
            if (named.isEmpty()) {
                throw unknownId(id, synced.registry());
            }
            if (named.size() > 1) {
                throw HarnessGymException.badInput(
                        "id '"
                                + id
                                + "' names "
                                + named.size()
                                + " entries in registry.json; give each entry its own id first");
            }
            ArtifactReport target = named.get(0);
            if (target.artifact().extra().has("metadata")) {
                throw HarnessGymException.badInput(
                        id + ": its 'metadata' is not an object; fix registry.json by hand");
            }
            TrustRecords changedTrust = records.apply(target, trust);
            Artifact changed = entry.apply(target);
            changedTrust.save(state);
            List<Artifact> artifacts = new ArrayList<>();
            for (Artifact artifact : synced.registry().artifacts()) {
                artifacts.add(artifact == target.artifact() ? changed : artifact);
            }
            RegistryStore.save(workspace, synced.registry().withArtifacts(artifacts));
            return ArtifactInspector.inspect(workspace, changedTrust, changed);
        }
    }

    public ArtifactReport show(String id) {
        RegistrySync.Result view = view();
        return view.reports().stream()
                .filter(report -> report.artifact().id().equals(id))
                .findFirst()
                .orElseThrow(() -> unknownId(id, view.registry()));
    }

    private static HarnessGymException unknownId(String id, Registry registry) {
        String hint =
                registry.artifacts().stream()
                        .map(Artifact::id)
                        .filter(candidate -> candidate.endsWith(id) || candidate.contains(id))
                        .findFirst()
                        .map(candidate -> "; did you mean '" + candidate + "'?")
                        .orElse("; see 'harnessgym registry list --all'");
        return HarnessGymException.badInput(
                "no artifact with id '" + id + "' in the registry" + hint);
    }
}
