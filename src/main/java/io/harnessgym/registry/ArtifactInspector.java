package io.harnessgym.registry;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.workspace.Workspace;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Decides an artifact's state now: validates its definition and digests its content. */
public final class ArtifactInspector {
    private ArtifactInspector() {}

    /**
     * Inspects many artifacts on all cores; the reports come back in the order given. {@code
     * listing} is what this pass's discovery walk saw, read instead of the file system where it can
     * be.
     */
    static List<ArtifactReport> inspectAll(
            Workspace workspace,
            TrustRecords trust,
            List<Artifact> artifacts,
            BundleListing listing) {
        return artifacts.parallelStream()
                .map(artifact -> inspect(workspace, trust, artifact, listing))
                .toList();
    }

    public static ArtifactReport inspect(
            Workspace workspace, TrustRecords trust, Artifact artifact) {
        return inspect(workspace, trust, artifact, BundleListing.NONE);
    }

    static ArtifactReport inspect(
            Workspace workspace, TrustRecords trust, Artifact artifact, BundleListing listing) {
        List<String> problems = new ArrayList<>();
        if (artifact.extra().has("metadata")) {
            problems.add("'metadata' must be an object");
        }
        ArtifactTarget target = null;
        try {
            target = ArtifactTarget.resolve(workspace, artifact, listing);
        } catch (HarnessGymException e) {
            problems.add(e.getMessage());
        }
        SkillMd skill = null;
        McpManifest manifest = null;
        String digest = null;
        if (target != null) {
            if (target.kind().isEmpty()) {
                problems.add(
                        "unknown kind '"
                                + artifact.kind()
                                + "' (known: "
                                + ArtifactKind.allIds()
                                + ")");
            } else if (target.kind().get() == ArtifactKind.SKILL) {
                SkillValidator.Result result =
                        SkillValidator.validate(
                                target.definition(),
                                Path.of(workspace.relative(target.definition())));
                problems.addAll(result.problems());
                skill = result.skill();
            } else if (target.kind().get() == ArtifactKind.MCP) {
                McpManifestParser.Result result =
                        McpManifestParser.parse(workspace, target.definition());
                problems.addAll(result.problems());
                manifest = result.manifest();
            }
            try {
                digest = ContentDigest.of(workspace.root(), target.contentRoot(), listing);
            } catch (HarnessGymException | UncheckedIOException e) {
                problems.add(e.getMessage());
            }
        }
        String definition = target == null ? null : workspace.relative(target.definition());
        String quarantine = quarantineReason(trust, artifact, digest);
        ArtifactState state;
        if (quarantine != null) {
            state = ArtifactState.QUARANTINED;
        } else if (!problems.isEmpty()) {
            state = ArtifactState.INVALID;
        } else if (trust.qualifiedAt(artifact.id(), digest)) {
            state = ArtifactState.ACTIVE;
        } else {
            state = ArtifactState.UNQUALIFIED;
        }
        return new ArtifactReport(
                artifact, state, digest, problems, definition, skill, manifest, quarantine);
    }

    /**
     * Why the artifact is quarantined, or null. The private records decide; a quarantine marker in
     * {@code registry.json} (the Python HarnessGym's forms) also quarantines, since it can only
     * hide an artifact, never make one trusted. A qualification in {@code registry.json} is never
     * read.
     */
    private static String quarantineReason(TrustRecords trust, Artifact artifact, String digest) {
        var record = trust.quarantineOf(artifact.id(), digest);
        if (record.isPresent()) {
            String reason = record.get().reason();
            return reason == null || reason.isBlank() ? "quarantined" : reason;
        }
        if (Quarantine.isQuarantined(artifact)) {
            return Quarantine.reason(artifact);
        }
        return null;
    }
}
