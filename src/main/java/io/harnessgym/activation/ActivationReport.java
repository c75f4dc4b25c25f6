package io.harnessgym.activation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.ArtifactState;
import io.harnessgym.registry.RegistryStore;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code activation.json}: per-skill and per-server results, the gate aggregate and the inventory
 * text the attempt prompt shows. Keys of the Python tool's report are kept where they mean the
 * same.
 */
final class ActivationReport {
    private ActivationReport() {}

    static ObjectNode build(
            Workspace workspace,
            List<ArtifactReport> all,
            List<ArtifactReport> skillReports,
            Map<String, Path> skills,
            List<ServerResult> servers,
            List<String> warnings,
            boolean passed,
            ObjectNode projections,
            String qualificationNote,
            boolean check) {
        ObjectNode report = Json.object();
        report.put("created_at", RegistryStore.now());
        report.put("workspace", workspace.root().toString());
        report.put("mode", check ? "check" : "activate");
        report.put("qualification_note", qualificationNote);
        ArrayNode skillList = report.putArray("skills");
        for (ArtifactReport skill : skillReports) {
            String name = skill.skill().name();
            ObjectNode entry = skillList.addObject();
            entry.put("artifact_path", skill.artifact().path());
            entry.put("name", name);
            entry.put("skill_path", workspace.root().resolve(skill.definition()).toString());
            entry.put("digest", skill.digest());
            entry.put("activated_path", ".agents/skills/" + name);
            entry.put("codex_activated_path", ".agents/skills/" + name);
            entry.put("claude_activated_path", ".claude/skills/" + name);
        }
        ArrayNode serverList = report.putArray("mcp_servers");
        Set<String> activeTools = new LinkedHashSet<>();
        int active = 0;
        for (ServerResult server : servers) {
            serverList.add(server(server));
            if (server.active()) {
                active++;
                activeTools.addAll(
                        server.manifest().enabledTools().isEmpty()
                                ? server.smokeTools()
                                : server.manifest().enabledTools());
            }
        }
        ArrayNode quarantined = report.putArray("quarantined_artifacts");
        all.stream()
                .filter(r -> r.state() == ArtifactState.QUARANTINED)
                .forEach(
                        r ->
                                quarantined
                                        .addObject()
                                        .put("kind", r.artifact().kind())
                                        .put("path", r.artifact().path()));
        report.set("warnings", Activator.strings(warnings));
        ObjectNode gate = report.putObject("quality_gate");
        gate.put("status", passed ? "passed" : "failed");
        gate.put("active_mcp_count", active);
        gate.put("inactive_mcp_count", servers.size() - active);
        gate.put("active_tool_count", activeTools.size());
        gate.put("active_skill_count", skills.size());
        gate.set("warnings", Activator.strings(warnings));
        report.set("projections", projections);
        report.put("inventory_text", inventory(skillReports, servers));
        return report;
    }

    private static ObjectNode server(ServerResult server) {
        ObjectNode entry = Json.object();
        entry.put("artifact_path", server.artifact().artifact().path());
        entry.put("manifest_path", server.artifact().definition());
        entry.put("name", server.name());
        entry.put("digest", server.artifact().digest());
        entry.put("command", server.manifest().command());
        entry.set("args", Activator.strings(server.manifest().args()));
        entry.put("cwd", server.manifest().cwd());
        entry.put("startup_timeout_sec", server.manifest().startupTimeoutSec());
        entry.put("tool_timeout_sec", server.manifest().toolTimeoutSec());
        entry.put("self_test_timeout_sec", server.manifest().selfTestTimeoutSec());
        entry.set("enabled_tools", Activator.strings(server.manifest().enabledTools()));
        entry.put("framing", server.framing());
        entry.put("protocol_version", server.protocolVersion());
        ObjectNode smoke = entry.putObject("smoke");
        smoke.put("status", server.smokeStatus());
        if (server.smokeStatus().equals("passed")) {
            smoke.set("tools", Activator.strings(server.smokeTools()));
        } else {
            smoke.put("message", server.smokeMessage());
        }
        ObjectNode selfTest = entry.putObject("self_test");
        SelfTestResult test = server.selfTest();
        selfTest.put("status", test.status());
        selfTest.put("message", test.message());
        selfTest.set("command", Activator.strings(test.command()));
        if (test.returnCode() != null) {
            selfTest.put("return_code", test.returnCode());
        }
        selfTest.put("stdout", test.stdout());
        selfTest.put("stderr", test.stderr());
        ObjectNode gate = entry.putObject("quality_gate");
        gate.put("status", server.active() ? "passed" : "failed");
        ObjectNode checks = gate.putObject("checks");
        checks.put("smoke", !server.failedChecks().contains("smoke"));
        checks.put("self_test", !server.failedChecks().contains("self_test"));
        checks.put("tool_inventory", !server.failedChecks().contains("tool_inventory"));
        checks.put("qualification", !server.failedChecks().contains("qualification"));
        gate.put(
                "message",
                server.active()
                        ? "passed"
                        : "failed checks: " + String.join(", ", server.failedChecks()));
        gate.put("tool_inventory", server.inventoryMessage());
        gate.put("smoke_status", server.smokeStatus());
        gate.put("self_test_status", test.status());
        gate.set("smoke_tools", Activator.strings(server.smokeTools()));
        gate.set("manifest_tools", Activator.strings(server.manifest().enabledTools()));
        entry.put("active", server.active());
        entry.put("seconds", Math.round(server.seconds() * 1000) / 1000.0);
        return entry;
    }

    /**
     * What the attempt prompt shows the agent: the active skills and servers, and how to call a
     * tool.
     */
    static String inventory(List<ArtifactReport> skills, List<ServerResult> servers) {
        StringBuilder text = new StringBuilder();
        for (ArtifactReport skill : skills) {
            text.append("- Skill ")
                    .append(skill.skill().name())
                    .append(": ")
                    .append(skill.skill().description())
                    .append('\n');
        }
        for (ServerResult server : servers) {
            if (!server.active()) {
                continue;
            }
            List<String> tools =
                    server.manifest().enabledTools().isEmpty()
                            ? server.smokeTools()
                            : server.manifest().enabledTools();
            text.append("- MCP server ")
                    .append(server.name())
                    .append(" (tools: ")
                    .append(String.join(", ", tools))
                    .append("): use it natively, or run ")
                    .append(RuntimeHelper.RELATIVE_PATH)
                    .append(" --server ")
                    .append(server.name())
                    .append(" --tool <tool> --arguments '<json-object>'\n");
        }
        return text.length() == 0 ? "No harness tools are active yet.\n" : text.toString();
    }
}
