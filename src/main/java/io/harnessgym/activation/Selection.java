package io.harnessgym.activation;

import io.harnessgym.registry.ArtifactKind;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.ArtifactState;
import io.harnessgym.registry.QualificationRecord;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What activation projects: valid, unquarantined skills (one per name) and servers (one per name)
 * that have a passed qualification record at their current digest, and a warning for each artifact
 * left out. Warnings quote agent-written names, so they are made safe for a terminal here.
 */
record Selection(
        Map<String, Path> skillFolders,
        List<ArtifactReport> skills,
        List<ActiveServer> servers,
        List<ActivationReport.UnqualifiedEntry> unqualified,
        List<String> warnings) {

    /**
     * @param qualified the passed record of a report at its current digest, or null
     */
    static Selection of(
            Workspace workspace,
            List<ArtifactReport> reports,
            Function<ArtifactReport, QualificationRecord> qualified) {
        Map<String, Path> folders = new LinkedHashMap<>();
        List<ArtifactReport> skills = new ArrayList<>();
        List<ActiveServer> servers = new ArrayList<>();
        List<ActivationReport.UnqualifiedEntry> unqualified = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> serverNames = new LinkedHashSet<>();
        for (ArtifactReport report : reports) {
            String kind = report.artifact().kind();
            boolean projected =
                    ArtifactKind.SKILL.id().equals(kind) || ArtifactKind.MCP.id().equals(kind);
            if (report.state() == ArtifactState.QUARANTINED || !projected) {
                continue;
            }
            if (report.state() == ArtifactState.INVALID) {
                warnings.add(
                        Terminal.line(
                                "invalid "
                                        + kind
                                        + " artifact "
                                        + report.artifact().id()
                                        + ": "
                                        + String.join("; ", report.problems())));
                continue;
            }
            QualificationRecord record = qualified.apply(report);
            if (record == null) {
                unqualified.add(
                        new ActivationReport.UnqualifiedEntry(
                                kind,
                                report.artifact().path(),
                                report.digest(),
                                "no passed qualification at its current digest"));
                warnings.add(
                        Terminal.line(
                                kind
                                        + " artifact "
                                        + report.artifact().id()
                                        + " is not qualified at its current digest; run"
                                        + " 'harnessgym qualify'"));
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
                    servers.add(new ActiveServer(report, report.manifest(), record));
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
        return new Selection(folders, skills, servers, unqualified, warnings);
    }
}
