package io.harnessgym.activation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.harnessgym.registry.ArtifactKind;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.ArtifactState;
import io.harnessgym.registry.QualificationRecord;
import io.harnessgym.registry.RegistryStore;
import io.harnessgym.workspace.Workspace;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code activation.json}: per-skill and per-server results, the gate aggregate, the projections
 * and the inventory text the attempt prompt shows. Records under the mapper's one naming policy
 * (snake_case); the Python tool's keys are kept where they mean the same.
 */
public record ActivationReport(
        String createdAt,
        String workspace,
        Mode mode,
        List<SkillEntry> skills,
        List<ServerEntry> mcpServers,
        List<QuarantinedEntry> quarantinedArtifacts,
        List<UnqualifiedEntry> unqualifiedArtifacts,
        List<String> warnings,
        Gate qualityGate,
        Projections projections,
        String inventoryText) {

    /** Whether the gate only reported, or activation wrote the projections. */
    public enum Mode {
        ACTIVATE,
        CHECK
    }

    /** Passed or failed. */
    public enum Verdict {
        PASSED,
        FAILED
    }

    /** One linked skill. */
    public record SkillEntry(
            String artifactPath,
            String name,
            String skillPath,
            String digest,
            String activatedPath,
            String codexActivatedPath,
            String claudeActivatedPath) {}

    /** One server and its gate. */
    public record ServerEntry(
            String artifactPath,
            String manifestPath,
            String name,
            String digest,
            String command,
            List<String> args,
            String cwd,
            int startupTimeoutSec,
            int toolTimeoutSec,
            int selfTestTimeoutSec,
            List<String> enabledTools,
            String framing,
            String protocolVersion,
            Smoke smoke,
            Qualified qualification,
            boolean active) {}

    /** What qualification's smoke check listed (the Python tool's key). */
    public record Smoke(String status, List<String> tools) {}

    /** The private record that makes a server active. */
    public record Qualified(
            QualificationRecord.Verdict status, String reportPath, String qualifiedAt) {}

    /** An artifact left out because no passed qualification is on record at its digest. */
    public record UnqualifiedEntry(String kind, String path, String digest, String reason) {}

    /** An artifact set aside. */
    public record QuarantinedEntry(String kind, String path, String reason) {}

    /** The aggregate. */
    public record Gate(
            Verdict status,
            int activeMcpCount,
            int inactiveMcpCount,
            int activeToolCount,
            int activeSkillCount,
            List<String> warnings) {}

    /** What activation wrote for each agent (absent parts were not projected). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Projections(
            List<SkillLinks.Change> skillLinks,
            CodexProjection codex,
            ClaudeProjection claude,
            Helper mcpCallHelper) {
        static final Projections NONE = new Projections(null, null, null, null);
    }

    /** {@code .codex/config.toml} and the {@code codex exec -c} overrides. */
    public record CodexProjection(
            String configPath,
            List<String> servers,
            List<String> conflicts,
            List<String> execOverrides) {}

    /** The Claude MCP config and the {@code claude} arguments. */
    public record ClaudeProjection(String configPath, List<String> arguments) {}

    /** The runtime helper; {@code path} is null when no server is active. */
    public record Helper(String path, String relativePath, String usage) {}

    static ActivationReport build(
            Workspace workspace,
            List<ArtifactReport> all,
            Selection selection,
            List<String> warnings,
            boolean passed,
            Projections projections,
            boolean check) {
        List<SkillEntry> skills = new ArrayList<>();
        for (ArtifactReport skill : selection.skills()) {
            String name = skill.skill().name();
            skills.add(
                    new SkillEntry(
                            skill.artifact().path(),
                            name,
                            workspace.root().resolve(skill.definition()).toString(),
                            skill.digest(),
                            ".agents/skills/" + name,
                            ".agents/skills/" + name,
                            ".claude/skills/" + name));
        }
        Set<String> activeTools = new LinkedHashSet<>();
        List<ServerEntry> serverEntries = new ArrayList<>();
        for (ActiveServer server : selection.servers()) {
            serverEntries.add(server(server));
            activeTools.addAll(server.tools());
        }
        List<QuarantinedEntry> quarantined =
                all.stream()
                        .filter(r -> r.state() == ArtifactState.QUARANTINED)
                        .map(
                                r ->
                                        new QuarantinedEntry(
                                                r.artifact().kind(),
                                                r.artifact().path(),
                                                r.quarantineReason()))
                        .toList();
        long unqualifiedServers =
                selection.unqualified().stream()
                        .filter(entry -> ArtifactKind.MCP.id().equals(entry.kind()))
                        .count();
        Verdict verdict = passed ? Verdict.PASSED : Verdict.FAILED;
        return new ActivationReport(
                RegistryStore.now(),
                workspace.root().toString(),
                check ? Mode.CHECK : Mode.ACTIVATE,
                skills,
                serverEntries,
                quarantined,
                selection.unqualified(),
                List.copyOf(warnings),
                new Gate(
                        verdict,
                        serverEntries.size(),
                        (int) unqualifiedServers,
                        activeTools.size(),
                        skills.size(),
                        List.copyOf(warnings)),
                projections,
                inventory(selection.skills(), selection.servers()));
    }

    private static ServerEntry server(ActiveServer server) {
        var manifest = server.manifest();
        QualificationRecord record = server.record();
        return new ServerEntry(
                server.artifact().artifact().path(),
                server.artifact().definition(),
                server.name(),
                server.artifact().digest(),
                manifest.command(),
                manifest.args(),
                manifest.cwd(),
                manifest.startupTimeoutSec(),
                manifest.toolTimeoutSec(),
                manifest.selfTestTimeoutSec(),
                manifest.enabledTools(),
                server.framing(),
                record.server() == null ? null : record.server().protocolVersion(),
                new Smoke("passed", record.server() == null ? List.of() : record.server().tools()),
                new Qualified(record.verdict(), record.reportPath(), record.createdAt()),
                true);
    }

    /**
     * What the attempt prompt shows the agent: the active skills and servers, and how to call a
     * tool.
     */
    static String inventory(List<ArtifactReport> skills, List<ActiveServer> servers) {
        StringBuilder text = new StringBuilder();
        for (ArtifactReport skill : skills) {
            text.append("- Skill ")
                    .append(skill.skill().name())
                    .append(": ")
                    .append(skill.skill().description())
                    .append('\n');
        }
        for (ActiveServer server : servers) {
            text.append("- MCP server ")
                    .append(server.name())
                    .append(" (tools: ")
                    .append(String.join(", ", server.tools()))
                    .append("): use it natively, or run ")
                    .append(RuntimeHelper.RELATIVE_PATH)
                    .append(" --server ")
                    .append(server.name())
                    .append(" --tool <tool> --arguments '<json-object>'\n");
        }
        return text.length() == 0 ? "No harness tools are active yet.\n" : text.toString();
    }
}
