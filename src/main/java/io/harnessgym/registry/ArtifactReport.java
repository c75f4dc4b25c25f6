package io.harnessgym.registry;

import java.util.List;

/**
 * One artifact as inspected now: its state, current digest (null when it cannot be computed), every
 * problem found, its defining file (workspace-relative; null when it cannot be resolved), and the
 * parsed definition for skills and MCP servers (null otherwise), and why it is quarantined (null
 * when it is not).
 */
public record ArtifactReport(
        Artifact artifact,
        ArtifactState state,
        String digest,
        List<String> problems,
        String definition,
        SkillMd skill,
        McpManifest manifest,
        String quarantineReason) {
    public ArtifactReport {
        problems = List.copyOf(problems);
    }

    /** The same report for an updated entry (new metadata or description; same files). */
    public ArtifactReport withArtifact(Artifact updated) {
        return new ArtifactReport(
                updated, state, digest, problems, definition, skill, manifest, quarantineReason);
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
