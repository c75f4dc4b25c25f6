package io.harnessgym.mcp;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.registry.ArtifactKind;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.ArtifactState;
import io.harnessgym.registry.RegistryService;
import io.harnessgym.workspace.Workspace;
import java.util.List;

/** The MCP servers of a bundle, as the registry sees them now. */
public final class McpServers {
    private McpServers() {}

    public static List<ArtifactReport> all(Workspace workspace) {
        return new RegistryService(workspace)
                .view().reports().stream()
                        .filter(report -> ArtifactKind.MCP.id().equals(report.artifact().kind()))
                        .toList();
    }

    /**
     * The usable server of that name: valid and not quarantined. (Until qualification records
     * digests, an unqualified server may be used; activation will require qualification.)
     */
    public static ArtifactReport usable(Workspace workspace, String name) {
        List<ArtifactReport> servers = all(workspace);
        List<ArtifactReport> named =
                servers.stream()
                        .filter(
                                report ->
                                        report.manifest() != null
                                                && report.manifest().name().equals(name))
                        .toList();
        if (named.isEmpty()) {
            String known =
                    String.join(
                            ", ",
                            servers.stream()
                                    .filter(r -> r.manifest() != null)
                                    .map(r -> r.manifest().name())
                                    .toList());
            throw HarnessGymException.badInput(
                    "no valid MCP server named '"
                            + name
                            + "' in the bundle"
                            + (known.isEmpty() ? "" : " (servers: " + known + ")"));
        }
        return named.stream()
                .filter(report -> report.state() != ArtifactState.QUARANTINED)
                .findFirst()
                .orElseThrow(
                        () ->
                                HarnessGymException.badInput(
                                        "MCP server '"
                                                + name
                                                + "' is quarantined ("
                                                + named.get(0).artifact().id()
                                                + "); it is not run"));
    }
}
