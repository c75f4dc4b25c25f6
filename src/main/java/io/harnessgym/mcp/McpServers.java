package io.harnessgym.mcp;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.registry.ArtifactKind;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.ArtifactState;
import io.harnessgym.registry.RegistryService;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.util.List;

/** The MCP servers of a bundle, as the registry sees them now. */
public final class McpServers {
    private McpServers() {}

    public static List<ArtifactReport> all(Workspace workspace, StateDir state) {
        return new RegistryService(workspace, state)
                .view().reports().stream()
                        .filter(report -> ArtifactKind.MCP.id().equals(report.artifact().kind()))
                        .toList();
    }

    /**
     * The usable server of that name: valid and not quarantined. (Until qualification records
     * digests, an unqualified server may be used; activation will require qualification.)
     */
    /** The server's folder under {@code mcp/}, as the registry path names it. */
    private static String folderName(ArtifactReport report) {
        String path = report.artifact().path() == null ? "" : report.artifact().path();
        String[] parts = path.split("/");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equals("mcp")) {
                return parts[i + 1];
            }
        }
        return "";
    }

    public static ArtifactReport usable(Workspace workspace, StateDir state, String name) {
        List<ArtifactReport> servers = all(workspace, state);
        List<ArtifactReport> named =
                servers.stream()
                        .filter(
                                report ->
                                        report.manifest() != null
                                                && report.manifest().name().equals(name))
                        .toList();
        if (named.isEmpty()) {
            // An invalid manifest has no parsed name: its folder names it.
            for (ArtifactReport report : servers) {
                if (report.manifest() == null && folderName(report).equals(name)) {
                    throw HarnessGymException.badInput(
                            "MCP server '"
                                    + name
                                    + "' ("
                                    + report.artifact().id()
                                    + ") is invalid: "
                                    + String.join("; ", report.problems()));
                }
            }
            String known =
                    String.join(
                            ", ",
                            servers.stream()
                                    .filter(r -> r.manifest() != null)
                                    .map(r -> r.manifest().name())
                                    .toList());
            throw HarnessGymException.badInput(
                    "no MCP server named '"
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
