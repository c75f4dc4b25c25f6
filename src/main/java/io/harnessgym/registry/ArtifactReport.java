package io.harnessgym.registry;

import java.util.List;

/**
 * One artifact as inspected now: its state, current digest (null when it cannot be computed),
 * every problem found, and the parsed definition for skills and MCP servers (null otherwise).
 */
public record ArtifactReport(Artifact artifact, ArtifactState state, String digest, List<String> problems,
                             SkillMd skill, McpManifest manifest) {
    public ArtifactReport {
        problems = List.copyOf(problems);
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
