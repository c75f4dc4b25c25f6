package io.harnessgym.mcp.proxy;

import io.harnessgym.registry.Artifact;
import io.harnessgym.registry.ArtifactKind;
import io.harnessgym.registry.ContentDigest;
import io.harnessgym.registry.QuarantineRecord;
import io.harnessgym.registry.TrustRecords;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether the proxy may run a bundle server, decided at its start from the private records (never
 * from files in the workspace): not when its content is quarantined, and not when it was activated
 * at another digest than it has now. So an agent config written before a quarantine or before an
 * edit cannot run what is there now.
 */
public final class Admission {
    private Admission() {}

    /** Why the server is refused, or empty when it may run. */
    public static Optional<String> refusal(
            Workspace workspace, StateDir state, Path manifest, String expectedDigest) {
        Path folder = manifest.getParent();
        String digest = ContentDigest.of(workspace.root(), folder);
        TrustRecords trust = TrustRecords.load(state);
        for (String id :
                List.of(
                        Artifact.idFor(ArtifactKind.MCP.id(), workspace.relative(manifest)),
                        Artifact.idFor(ArtifactKind.MCP.id(), workspace.relative(folder)))) {
            Optional<QuarantineRecord> quarantine = trust.quarantineOf(id, digest);
            if (quarantine.isPresent()) {
                return Optional.of(
                        "it is quarantined ("
                                + quarantine.get().artifactId()
                                + ": "
                                + quarantine.get().reason()
                                + ")");
            }
        }
        if (expectedDigest != null && !expectedDigest.equals(digest)) {
            return Optional.of(
                    "its files changed since it was activated (activated at "
                            + ContentDigest.shortForm(expectedDigest)
                            + ", now "
                            + ContentDigest.shortForm(digest)
                            + "); run 'harnessgym activate' to check it again");
        }
        return Optional.empty();
    }
}
