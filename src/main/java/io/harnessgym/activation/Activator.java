package io.harnessgym.activation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.registry.ArtifactKind;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.ArtifactState;
import io.harnessgym.registry.RegistryService;
import io.harnessgym.registry.RegistrySync;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import io.harnessgym.workspace.WorkspaceLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes the bundle visible to the agents: syncs the registry, runs the quality gate (servers in
 * parallel), then reconciles every projection (skill links, Codex and Claude configs, the runtime
 * helper) and writes {@code activation.json}. {@code check} only reports.
 */
public final class Activator {
    /**
     * Until qualification records digests, valid artifacts count as qualified; the report says so.
     */
    static final boolean QUALIFICATION_REQUIRED = false;

    static final String QUALIFICATION_NOTE =
            "qualification is not implemented yet: every valid, unquarantined artifact "
                    + "is treated as qualified";

    /** Which agents to project for. */
    public enum Runner {
        CODEX,
        CLAUDE,
        ALL;

        boolean codex() {
            return this != CLAUDE;
        }

        boolean claude() {
            return this != CODEX;
        }
    }

    private final Workspace workspace;
    private final Map<String, String> env;
    private final ProxyLauncher launcher;

    public Activator(Workspace workspace, Map<String, String> env, ProxyLauncher launcher) {
        this.workspace = workspace;
        this.env = env;
        this.launcher = launcher;
    }

    public Activation activate(Runner runner, boolean check) {
        RegistryService registry = new RegistryService(workspace);
        if (check) {
            return run(runner, registry.view(), true);
        }
        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, "activate")) {
            return run(runner, registry.syncHoldingLock(null), false);
        }
    }

    /**
     * Removes every projection: skill links of ours, our Codex servers, the Claude config, the
     * helper.
     */
    public ObjectNode deactivate() {
        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, "deactivate")) {
            ObjectNode report = Json.object();
            List<SkillLinks.Change> links = new ArrayList<>();
            for (String root : SkillLinks.ROOTS) {
                SkillLinks.removeStale(workspace, workspace.root().resolve(root), Map.of(), links);
            }
            report.set("skill_links", Json.MAPPER.valueToTree(links));
            if (Files.exists(CodexConfig.file(workspace))) {
                CodexConfig.write(workspace, List.of(), launcher, previouslyManaged());
            }
            Files.deleteIfExists(ClaudeConfig.file(workspace));
            RuntimeHelper.remove(workspace);
            Files.deleteIfExists(activationFile());
            report.put("status", "deactivated");
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deactivate: " + e.getMessage(), e);
        }
    }

    private Path activationFile() {
        return workspace.bundleDir().resolve("activation.json");
    }

    private Activation run(Runner runner, RegistrySync.Result synced, boolean check) {
        List<String> warnings = new ArrayList<>();
        Map<String, Path> skills = new LinkedHashMap<>();
        List<ArtifactReport> skillReports = new ArrayList<>();
        List<ArtifactReport> serverReports = new ArrayList<>();
        Set<String> serverNames = new LinkedHashSet<>();
        for (ArtifactReport report : synced.reports()) {
            String kind = report.artifact().kind();
            if (report.state() == ArtifactState.QUARANTINED) {
                continue;
            }
            if (report.state() == ArtifactState.INVALID) {
                if (ArtifactKind.SKILL.id().equals(kind) || ArtifactKind.MCP.id().equals(kind)) {
                    warnings.add(
                            "invalid "
                                    + kind
                                    + " artifact "
                                    + report.artifact().id()
                                    + ": "
                                    + String.join("; ", report.problems()));
                }
                continue;
            }
            if (report.skill() != null) {
                Path folder = workspace.root().resolve(report.definition()).getParent();
                if (skills.putIfAbsent(report.skill().name(), folder) == null) {
                    skillReports.add(report);
                } else {
                    warnings.add(
                            "two skills are named "
                                    + report.skill().name()
                                    + "; "
                                    + report.artifact().id()
                                    + " is not linked");
                }
            } else if (report.manifest() != null) {
                if (serverNames.add(report.manifest().name())) {
                    serverReports.add(report);
                } else {
                    warnings.add(
                            "two MCP servers are named "
                                    + report.manifest().name()
                                    + "; "
                                    + report.artifact().id()
                                    + " is not activated");
                }
            }
        }
        List<ServerResult> servers =
                QualityGate.run(workspace, serverReports, env, QUALIFICATION_REQUIRED);
        List<ServerResult> active = servers.stream().filter(ServerResult::active).toList();
        for (ServerResult server : servers) {
            if (!server.active()) {
                warnings.add(
                        "mcp quality gate failed for "
                                + server.name()
                                + ": failed checks: "
                                + String.join(", ", server.failedChecks()));
            }
        }
        ObjectNode projections = Json.object();
        List<String> codexOverrides = new ArrayList<>();
        List<String> claudeArguments = new ArrayList<>();
        if (!check) {
            project(runner, skills, active, projections, codexOverrides, claudeArguments, warnings);
        }
        boolean passed = warnings.isEmpty() && active.size() == servers.size();
        ObjectNode report =
                ActivationReport.build(
                        workspace,
                        synced.reports(),
                        skillReports,
                        skills,
                        servers,
                        warnings,
                        passed,
                        projections,
                        QUALIFICATION_NOTE,
                        check);
        if (!check) {
            Json.writeAtomic(activationFile(), report);
        }
        return new Activation(report, passed, servers, codexOverrides, claudeArguments);
    }

    private void project(
            Runner runner,
            Map<String, Path> skills,
            List<ServerResult> active,
            ObjectNode projections,
            List<String> codexOverrides,
            List<String> claudeArguments,
            List<String> warnings) {
        try {
            List<String> roots = new ArrayList<>();
            if (runner.codex()) {
                roots.add(".agents/skills");
            }
            if (runner.claude()) {
                roots.add(".claude/skills");
            }
            List<SkillLinks.Change> links = SkillLinks.reconcile(workspace, skills, roots);
            links.stream()
                    .filter(change -> change.action().equals("conflict"))
                    .forEach(
                            change ->
                                    warnings.add(
                                            "skill link "
                                                    + change.path()
                                                    + ": "
                                                    + change.detail()));
            projections.set("skill_links", Json.MAPPER.valueToTree(links));
            if (runner.codex()) {
                CodexConfig.Result codex =
                        CodexConfig.write(workspace, active, launcher, previouslyManaged());
                codex.conflicts()
                        .forEach(
                                name ->
                                        warnings.add(
                                                "codex: .codex/config.toml defines its own server "
                                                        + name
                                                        + "; harnessgym left it and did not add the bundle's"));
                ObjectNode node = projections.putObject("codex");
                node.put("config_path", workspace.relative(codex.file()));
                node.set("servers", Json.MAPPER.valueToTree(codex.servers()));
                node.set("conflicts", Json.MAPPER.valueToTree(codex.conflicts()));
                node.set("exec_overrides", Json.MAPPER.valueToTree(codex.overrides()));
                codexOverrides.addAll(codex.overrides());
            }
            if (runner.claude()) {
                Path config = ClaudeConfig.write(workspace, active, launcher);
                claudeArguments.addAll(ClaudeConfig.arguments(config, active));
                ObjectNode node = projections.putObject("claude");
                node.put("config_path", config == null ? null : workspace.relative(config));
                node.set("arguments", Json.MAPPER.valueToTree(claudeArguments));
            }
            ObjectNode helper = projections.putObject("mcp_call_helper");
            if (active.isEmpty()) {
                RuntimeHelper.remove(workspace);
                helper.putNull("path");
            } else {
                Path file = RuntimeHelper.write(workspace, launcher);
                helper.put("path", file.toString());
                helper.put("relative_path", RuntimeHelper.RELATIVE_PATH);
                helper.put("usage", RuntimeHelper.USAGE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the agent configs: " + e.getMessage(), e);
        }
    }

    /**
     * The Codex servers the last activation wrote, so their tables are recognised even without
     * markers.
     */
    private Set<String> previouslyManaged() {
        Set<String> names = new LinkedHashSet<>();
        try {
            JsonNode previous = Json.MAPPER.readTree(Files.readAllBytes(activationFile()));
            previous.path("projections")
                    .path("codex")
                    .path("servers")
                    .forEach(name -> names.add(name.asText()));
        } catch (IOException | RuntimeException e) {
            // No earlier activation (or an unreadable one): only the marked block counts as ours.
        }
        return names;
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    /** Runs the gate over all servers at once, so the wall time is that of the slowest server. */
    static final class QualityGate {
        private QualityGate() {}

        static List<ServerResult> run(
                Workspace workspace,
                List<ArtifactReport> servers,
                Map<String, String> env,
                boolean qualificationRequired) {
            if (servers.isEmpty()) {
                return List.of();
            }
            ExecutorService pool =
                    Executors.newFixedThreadPool(
                            Math.min(servers.size(), 16),
                            runnable -> {
                                Thread thread = new Thread(runnable, "harnessgym-gate");
                                thread.setDaemon(true);
                                return thread;
                            });
            try {
                List<Future<ServerResult>> futures = new ArrayList<>();
                for (ArtifactReport server : servers) {
                    futures.add(
                            pool.submit(
                                    () ->
                                            ServerGate.check(
                                                    workspace,
                                                    server,
                                                    env,
                                                    qualificationRequired)));
                }
                List<ServerResult> results = new ArrayList<>();
                for (Future<ServerResult> future : futures) {
                    results.add(future.get());
                }
                return results;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking servers", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(
                        "server check failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
