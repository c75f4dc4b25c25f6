package io.harnessgym.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.workspace.ConfinedPaths;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
    public record Result(Registry registry, List<Artifact> added, List<Artifact> pruned, List<ArtifactReport> reports,
                         boolean changed) {}

    public static Result reconcile(Workspace workspace, Registry registry, JsonNode iteration, String now) {
        List<Artifact> kept = new ArrayList<>();
        List<Artifact> pruned = new ArrayList<>();
        Set<String> coveredIds = new HashSet<>();
        Set<String> coveredDefinitions = new HashSet<>();
        for (Artifact artifact : registry.artifacts()) {
            if (isGone(workspace, artifact)) {
                pruned.add(artifact);
                continue;
            }
            kept.add(artifact);
            coveredIds.add(artifact.id());
            definitionOf(workspace, artifact).ifPresent(coveredDefinitions::add);
        }
        List<Artifact> added = new ArrayList<>();
        for (Discovery.Found found : Discovery.scan(workspace)) {
            if (coveredIds.contains(found.id()) || coveredDefinitions.contains(found.path())) {
                continue;
            }
            ObjectNode metadata = Json.object();
            metadata.put("source", "filesystem-sync");
            Artifact artifact = new Artifact(found.id(), found.kind().id(), found.path(),
                    "Discovered " + found.kind().id() + " artifact at " + found.path(),
                    iteration == null ? NullNode.getInstance() : iteration, now, metadata, null);
            added.add(artifact);
        }
        boolean changed = !added.isEmpty() || !pruned.isEmpty();
        List<Artifact> stamped = new ArrayList<>();
        List<ArtifactReport> reports = new ArrayList<>();
        List<Artifact> addedDescribed = new ArrayList<>();
        Set<Artifact> isNew = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        isNew.addAll(added);
        List<Artifact> all = new ArrayList<>(kept);
        all.addAll(added);
        for (Artifact artifact : all) {
            ArtifactReport report = ArtifactInspector.inspect(workspace, artifact);
            Artifact updated = recordDigest(artifact, report.digest());
            changed |= updated != artifact;
            if (isNew.contains(artifact)) {
                updated = describe(updated, report);
                addedDescribed.add(updated);
            }
            stamped.add(updated);
            reports.add(new ArtifactReport(updated, report.state(), report.digest(), report.problems(),
                    report.skill(), report.manifest()));
        }
        return new Result(registry.withArtifacts(stamped), addedDescribed, pruned, reports, changed);
    }

    /** Gone means: a well-formed, confined path that no longer exists. A bad path stays, shown invalid. */
    private static boolean isGone(Workspace workspace, Artifact artifact) {
        if (!artifact.isWellFormed() || ConfinedPaths.lexicalProblem(artifact.path()) != null) {
            return false;
        }
        return !Files.exists(workspace.root().resolve(artifact.path()).normalize(), LinkOption.NOFOLLOW_LINKS);
    }

    /** The defining file an entry resolves to, so that a folder-registered skill is not discovered twice. */
    private static java.util.Optional<String> definitionOf(Workspace workspace, Artifact artifact) {
        try {
            return java.util.Optional.of(workspace.relative(ArtifactTarget.resolve(workspace, artifact).definition()));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** A discovered skill or server takes its description from its own definition when that is valid. */
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
        return new Artifact(artifact.id(), artifact.kind(), artifact.path(), oneLine(description),
                artifact.iteration(), artifact.createdAt(), artifact.metadata(), artifact.extra());
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    /** Returns the same instance when nothing changes, so callers can tell. */
    private static Artifact recordDigest(Artifact artifact, String digest) {
        if (digest == null || artifact.extra().has("metadata")
                || digest.equals(artifact.metadata().path(Quarantine.DIGEST_KEY).asText(null))) {
            return artifact;
        }
        ObjectNode metadata = artifact.metadataCopy();
        metadata.put(Quarantine.DIGEST_KEY, digest);
        return artifact.withMetadata(metadata);
    }
}
