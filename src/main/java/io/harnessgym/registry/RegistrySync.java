package io.harnessgym.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.workspace.ConfinedPaths;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reconciles the registry with the files: registers what the files declare, prunes entries whose
 * files are gone, and records each valid artifact's current content digest. Pure: it returns the
 * new registry and never writes, so {@code list} can show the reconciled view without a lock.
 */
public final class RegistrySync {
    private RegistrySync() {}

    /**
     * @param changed whether the result differs from the input and needs saving
     * @param reports the inspection of every artifact in the result, in registry order
     */
    public record Result(
            Registry registry,
            List<Artifact> added,
            List<Artifact> pruned,
            List<ArtifactReport> reports,
            boolean changed) {}

    /**
     * @param scan what {@link Discovery#scan} found in the bundle, taken by the caller (it may run
     *     while the registry file is read); its listing spares the inspections a second walk
     */
    public static Result reconcile(
            Workspace workspace,
            TrustRecords trust,
            Registry registry,
            Discovery.Scan scan,
            JsonNode iteration,
            String now) {
        List<Artifact> kept = new ArrayList<>();
        List<Artifact> pruned = new ArrayList<>();
        for (Artifact artifact : registry.artifacts()) {
            (isGone(workspace, artifact, scan.listing()) ? pruned : kept).add(artifact);
        }
        List<ArtifactReport> keptReports =
                ArtifactInspector.inspectAll(workspace, trust, kept, scan.listing());
        Set<String> covered = new HashSet<>();
        for (ArtifactReport report : keptReports) {
            covered.add(report.artifact().id());
            if (report.definition() != null) {
                covered.add(report.definition());
            }
        }
        List<Artifact> discovered = new ArrayList<>();
        for (Discovery.Found candidate : scan.found()) {
            if (covered.contains(candidate.id()) || covered.contains(candidate.path())) {
                continue;
            }
            ObjectNode metadata = Json.object();
            metadata.put("source", "filesystem-sync");
            discovered.add(
                    new Artifact(
                            candidate.id(),
                            candidate.kind().id(),
                            candidate.path(),
                            "Discovered "
                                    + candidate.kind().id()
                                    + " artifact at "
                                    + candidate.path(),
                            iteration == null ? NullNode.getInstance() : iteration,
                            now,
                            metadata,
                            null));
        }
        List<ArtifactReport> addedReports = new ArrayList<>();
        for (ArtifactReport report :
                ArtifactInspector.inspectAll(workspace, trust, discovered, scan.listing())) {
            addedReports.add(report.withArtifact(describe(report.artifact(), report)));
        }
        boolean changed = !addedReports.isEmpty() || !pruned.isEmpty();
        List<ArtifactReport> reports = new ArrayList<>();
        for (ArtifactReport report : concat(keptReports, addedReports)) {
            Artifact stamped = recordDigest(report.artifact(), report.digest());
            changed |= stamped != report.artifact();
            reports.add(report.withArtifact(stamped));
        }
        List<Artifact> artifacts = reports.stream().map(ArtifactReport::artifact).toList();
        List<Artifact> added = artifacts.subList(keptReports.size(), artifacts.size());
        return new Result(
                registry.withArtifacts(artifacts), List.copyOf(added), pruned, reports, changed);
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /**
     * Gone means: a well-formed, confined path that no longer exists. A bad path stays, shown
     * invalid.
     */
    private static boolean isGone(Workspace workspace, Artifact artifact, BundleListing listing) {
        if (!artifact.isWellFormed() || ConfinedPaths.lexicalProblem(artifact.path()) != null) {
            return false;
        }
        return !listing.exists(workspace.root().resolve(artifact.path()).normalize());
    }

    /**
     * A discovered skill or server takes its description from its own definition when that is
     * valid.
     */
    private static Artifact describe(Artifact artifact, ArtifactReport report) {
        String description = null;
        if (report.skill() != null) {
            description = report.skill().description();
        } else if (report.manifest() != null) {
            description = report.manifest().description();
        }
        if (description == null || description.isBlank()) {
            return artifact;
        }
        return new Artifact(
                artifact.id(),
                artifact.kind(),
                artifact.path(),
                oneLine(description),
                artifact.iteration(),
                artifact.createdAt(),
                artifact.metadata(),
                artifact.extra());
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    /** Returns the same instance when nothing changes, so callers can tell. */
    private static Artifact recordDigest(Artifact artifact, String digest) {
        if (digest == null
                || artifact.extra().has("metadata")
                || digest.equals(artifact.metadata().path(Quarantine.DIGEST_KEY).asText(null))) {
            return artifact;
        }
        ObjectNode metadata = artifact.metadataCopy();
        metadata.put(Quarantine.DIGEST_KEY, digest);
        return artifact.withMetadata(metadata);
    }
}
