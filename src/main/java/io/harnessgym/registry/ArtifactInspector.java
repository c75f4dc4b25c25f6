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
            Workspace workspace, List<Artifact> artifacts, BundleListing listing) {
        return artifacts.parallelStream()
                .map(artifact -> inspect(workspace, artifact, listing))
                .toList();
    }

    public static ArtifactReport inspect(Workspace workspace, Artifact artifact) {
        return inspect(workspace, artifact, BundleListing.NONE);
    }

    static ArtifactReport inspect(Workspace workspace, Artifact artifact, BundleListing listing) {
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
        return new ArtifactReport(
                artifact,
                stateOf(artifact, digest, problems),
                digest,
                problems,
                definition,
                skill,
                manifest);
    }

    private static ArtifactState stateOf(Artifact artifact, String digest, List<String> problems) {
        if (Quarantine.isQuarantined(artifact)) {
            return ArtifactState.QUARANTINED;
        }
        if (!problems.isEmpty()) {
            return ArtifactState.INVALID;
        }
        return Quarantine.isQualifiedAt(artifact, digest)
                ? ArtifactState.ACTIVE
                : ArtifactState.UNQUALIFIED;
    }
}
