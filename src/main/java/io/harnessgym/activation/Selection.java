package io.harnessgym.activation;

import io.harnessgym.registry.ArtifactKind;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.ArtifactState;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What activation considers: valid, unquarantined skills (one per name) and servers (one per name),
 * and a warning for each artifact left out. Warnings quote agent-written names, so they are made
 * safe for a terminal here.
 */
record Selection(
        Map<String, Path> skillFolders,
        List<ArtifactReport> skills,
        List<ArtifactReport> servers,
        List<String> warnings) {

    static Selection of(Workspace workspace, List<ArtifactReport> reports) {
        Map<String, Path> folders = new LinkedHashMap<>();
        List<ArtifactReport> skills = new ArrayList<>();
        List<ArtifactReport> servers = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> serverNames = new LinkedHashSet<>();
        for (ArtifactReport report : reports) {
            String kind = report.artifact().kind();
            if (report.state() == ArtifactState.QUARANTINED) {
                continue;
            }
            if (report.state() == ArtifactState.INVALID) {
                if (ArtifactKind.SKILL.id().equals(kind) || ArtifactKind.MCP.id().equals(kind)) {
                    warnings.add(
                            Terminal.line(
                                    "invalid "
                                            + kind
                                            + " artifact "
                                            + report.artifact().id()
                                            + ": "
                                            + String.join("; ", report.problems())));
                }
                continue;
            }
            if (report.skill() != null) {
                Path folder = workspace.root().resolve(report.definition()).getParent();
                if (folders.putIfAbsent(report.skill().name(), folder) == null) {
                    skills.add(report);
                } else {
                    warnings.add(
                            Terminal.line(
                                    "two skills are named "
                                            + report.skill().name()
                                            + "; "
                                            + report.artifact().id()
                                            + " is not linked"));
                }
            } else if (report.manifest() != null) {
                if (serverNames.add(report.manifest().name())) {
                    servers.add(report);
                } else {
                    warnings.add(
                            Terminal.line(
                                    "two MCP servers are named "
                                            + report.manifest().name()
                                            + "; "
                                            + report.artifact().id()
                                            + " is not activated"));
                }
            }
        }
        return new Selection(folders, skills, servers, warnings);
    }
}
