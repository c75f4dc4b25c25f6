package io.harnessgym.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.workspace.Workspace;
import io.harnessgym.workspace.WorkspaceLock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The registry operations the commands offer; the mutating ones hold the workspace lock. */
public final class RegistryService {
    private final Workspace workspace;

    public RegistryService(Workspace workspace) {
        this.workspace = workspace;
    }

    public Workspace workspace() {
        return workspace;
    }

    /**
     * The registry reconciled with the files, in memory only: nothing is written, no lock is taken.
     */
    public RegistrySync.Result view() {
        return reconcile(null);
    }

    /** Reconciles and saves when anything changed. */
    public RegistrySync.Result sync(JsonNode iteration) {
        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, "registry sync")) {
            return syncHoldingLock(iteration);
        }
    }

    /**
     * {@link #sync} for a caller that already holds the workspace lock (the lock is not reentrant).
     */
    public RegistrySync.Result syncHoldingLock(JsonNode iteration) {
        RegistryStore.ensureLayout(workspace);
        RegistrySync.Result result = reconcile(iteration);
        if (result.changed() || !java.nio.file.Files.exists(workspace.registryFile())) {
            Registry saved = RegistryStore.save(workspace, result.registry());
            return new RegistrySync.Result(
                    saved, result.added(), result.pruned(), result.reports(), true);
        }
        return result;
    }

    /**
     * The registry file reconciled with the files. The bundle is scanned on another thread while
     * the main one parses {@code registry.json}: the two are independent, and each is a serial
     * step.
     */
    private RegistrySync.Result reconcile(JsonNode iteration) {
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
        return RegistrySync.reconcile(workspace, registry, found, iteration, RegistryStore.now());
    }

    public ArtifactReport quarantine(String id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new HarnessGymException(
                    io.harnessgym.error.ExitCode.USAGE, "--reason must not be empty");
        }
        return update(
                id,
                "registry quarantine",
                report ->
                        Quarantine.mark(
                                report.artifact(),
                                reason.strip(),
                                report.digest(),
                                RegistryStore.now()));
    }

    public ArtifactReport unquarantine(String id) {
        return update(id, "registry unquarantine", report -> Quarantine.clear(report.artifact()));
    }

    /** Syncs, changes one artifact, saves, and returns its fresh report. */
    private ArtifactReport update(
            String id,
            String command,
            java.util.function.Function<ArtifactReport, Artifact> change) {
        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, command)) {
            RegistrySync.Result synced = reconcile(null);
            ArtifactReport target =
                    synced.reports().stream()
                            .filter(report -> report.artifact().id().equals(id))
                            .findFirst()
                            .orElseThrow(() -> unknownId(id, synced.registry()));
            if (target.artifact().extra().has("metadata")) {
                throw HarnessGymException.badInput(
                        id + ": its 'metadata' is not an object; fix registry.json by hand");
            }
            Artifact changed = change.apply(target);
            List<Artifact> artifacts = new ArrayList<>();
            for (Artifact artifact : synced.registry().artifacts()) {
                artifacts.add(artifact.id().equals(id) ? changed : artifact);
            }
            RegistryStore.save(workspace, synced.registry().withArtifacts(artifacts));
            return ArtifactInspector.inspect(workspace, changed);
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
