package io.harnessgym.activation;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.ArtifactState;
import io.harnessgym.registry.QualificationRecord;
import io.harnessgym.registry.RegistryService;
import io.harnessgym.registry.RegistrySync;
import io.harnessgym.registry.TrustRecords;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import io.harnessgym.workspace.WorkspaceLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Makes the qualified part of the bundle visible to the agents: syncs the registry, selects the
 * skills and servers with a passed private qualification record at their current digest, then plans
 * every projection (skill links, Codex and Claude configs, the runtime helper, {@code
 * activation.json}), validates all their paths, and only then writes them. It runs no agent-written
 * code: what it needs of a server (framing, tools) comes from its qualification. {@code check} only
 * reports.
 */
public final class Activator {
    /** Which agents to project for. */
    public enum Target {
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
    private final StateDir state;
    private final ProxyLauncher launcher;

    public Activator(Workspace workspace, StateDir state, ProxyLauncher launcher) {
        this.workspace = workspace;
        this.state = state;
        this.launcher = launcher;
    }

    public Activation activate(Target target, boolean check) {
        workspace.requireBundle();
        if (check) {
            return activateHoldingLock(target, true);
        }
        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, "activate")) {
            return activateHoldingLock(target, false);
        }
    }

    /** {@link #activate} for a caller that holds the workspace lock (or only checks). */
    public Activation activateHoldingLock(Target target, boolean check) {
        RegistryService registry = new RegistryService(workspace, state);
        RegistrySync.Result synced = check ? registry.view() : registry.syncHoldingLock(null);
        TrustRecords trust = TrustRecords.load(state);
        return run(
                target,
                synced.reports(),
                report ->
                        report.state() == ArtifactState.ACTIVE
                                ? trust.recordAt(report.artifact().id(), report.digest())
                                        .orElse(null)
                                : null,
                check);
    }

    /**
     * Projects exactly the artifacts {@code qualified} vouches for (a clean room, judged before any
     * record is written). The caller owns the workspace.
     */
    public Activation activateVouched(
            Target target,
            List<ArtifactReport> reports,
            Function<ArtifactReport, QualificationRecord> qualified) {
        return run(target, reports, qualified, false);
    }

    /**
     * Removes every projection: skill links of ours, our Codex servers, the Claude config, the
     * helper, {@code activation.json}, and the folders that leaves empty.
     */
    public Deactivation deactivate() {
        workspace.requireBundle();
        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, "deactivate")) {
            List<Projection> plan = new ArrayList<>();
            List<SkillLinks.Change> links = SkillLinks.planRemoval(workspace, plan);
            List<String> codexServers = List.of();
            if (Files.exists(CodexConfig.file(workspace))) {
                codexServers =
                        CodexConfig.plan(
                                        workspace,
                                        state,
                                        List.of(),
                                        launcher,
                                        previouslyManaged(),
                                        plan)
                                .removed();
            }
            plan.add(new Projection.Delete(ClaudeConfig.file(workspace)));
            RuntimeHelper.planRemoval(workspace, plan);
            plan.add(new Projection.Delete(activationFile()));
            List<String> files = new ArrayList<>();
            for (Path path :
                    List.of(
                            CodexConfig.file(workspace),
                            ClaudeConfig.file(workspace),
                            workspace.root().resolve(RuntimeHelper.RELATIVE_PATH),
                            activationFile())) {
                if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    files.add(workspace.relative(path));
                }
            }
            Projection.validateAll(workspace, plan);
            Projection.applyAll(plan);
            files.removeIf(
                    file ->
                            Files.exists(
                                    workspace.root().resolve(file),
                                    java.nio.file.LinkOption.NOFOLLOW_LINKS));
            return new Deactivation(links, codexServers, files);
        }
    }

    private Path activationFile() {
        return workspace.bundleDir().resolve("activation.json");
    }

    private Activation run(
            Target target,
            List<ArtifactReport> reports,
            Function<ArtifactReport, QualificationRecord> qualified,
            boolean check) {
        Selection selection = Selection.of(workspace, reports, qualified);
        List<String> warnings = new ArrayList<>(selection.warnings());
        List<ActiveServer> active = selection.servers();
        List<Projection> plan = new ArrayList<>();
        Planned planned =
                check
                        ? Planned.NONE
                        : plan(target, selection.skillFolders(), active, warnings, plan);
        boolean passed = warnings.isEmpty();
        ActivationReport report =
                ActivationReport.build(
                        workspace,
                        reports,
                        selection,
                        warnings,
                        passed,
                        planned.projections(),
                        check);
        JsonNode json = Json.MAPPER.valueToTree(report);
        if (!check) {
            plan.add(
                    new Projection.WriteFile(
                            activationFile(),
                            (Json.pretty(json) + "\n").getBytes(StandardCharsets.UTF_8),
                            false));
            // Every path first, then the writes: an error leaves the previous state whole.
            Projection.validateAll(workspace, plan);
            Projection.applyAll(plan);
        }
        return new Activation(
                report, json, passed, active, planned.codexOverrides(), planned.claudeArguments());
    }

    /** What planning the projections produced, besides the plan itself. */
    private record Planned(
            ActivationReport.Projections projections,
            List<String> codexOverrides,
            List<String> claudeArguments) {
        static final Planned NONE =
                new Planned(ActivationReport.Projections.NONE, List.of(), List.of());
    }

    private Planned plan(
            Target target,
            Map<String, Path> skills,
            List<ActiveServer> active,
            List<String> warnings,
            List<Projection> plan) {
        List<String> roots = new ArrayList<>();
        if (target.codex()) {
            roots.add(".agents/skills");
        }
        if (target.claude()) {
            roots.add(".claude/skills");
        }
        List<SkillLinks.Change> links = SkillLinks.plan(workspace, skills, roots, plan);
        links.stream()
                .filter(change -> change.action() == SkillLinks.Action.CONFLICT)
                .forEach(
                        change ->
                                warnings.add(
                                        Terminal.line(
                                                "skill link "
                                                        + change.path()
                                                        + ": "
                                                        + change.detail())));
        ActivationReport.CodexProjection codex = null;
        List<String> codexOverrides = List.of();
        if (target.codex()) {
            CodexConfig.Result result =
                    CodexConfig.plan(workspace, state, active, launcher, previouslyManaged(), plan);
            result.conflicts()
                    .forEach(
                            name ->
                                    warnings.add(
                                            "codex: .codex/config.toml defines its own server "
                                                    + name
                                                    + "; harnessgym left it and did not add the"
                                                    + " bundle's"));
            codex =
                    new ActivationReport.CodexProjection(
                            workspace.relative(result.file()),
                            result.servers(),
                            result.conflicts(),
                            result.overrides());
            codexOverrides = result.overrides();
        }
        ActivationReport.ClaudeProjection claude = null;
        List<String> claudeArguments = List.of();
        if (target.claude()) {
            Path config = ClaudeConfig.plan(workspace, state, active, launcher, plan);
            claudeArguments = ClaudeConfig.arguments(config, active);
            claude =
                    new ActivationReport.ClaudeProjection(
                            config == null ? null : workspace.relative(config), claudeArguments);
        }
        ActivationReport.Helper helper;
        if (active.isEmpty()) {
            RuntimeHelper.planRemoval(workspace, plan);
            helper = new ActivationReport.Helper(null, null, null);
        } else {
            Path file = RuntimeHelper.plan(workspace, launcher, plan);
            helper =
                    new ActivationReport.Helper(
                            file.toString(), RuntimeHelper.RELATIVE_PATH, RuntimeHelper.USAGE);
        }
        return new Planned(
                new ActivationReport.Projections(links, codex, claude, helper),
                codexOverrides,
                claudeArguments);
    }

    /**
     * The Codex servers the last activation wrote, so their tables are recognised even without
     * markers.
     */
    private Set<String> previouslyManaged() {
        Set<String> names = new LinkedHashSet<>();
        Path file = activationFile();
        try {
            if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                JsonNode previous = Json.MAPPER.readTree(Files.readAllBytes(file));
                previous.path("projections")
                        .path("codex")
                        .path("servers")
                        .forEach(name -> names.add(name.asText()));
            }
        } catch (java.io.IOException | RuntimeException e) {
            // No earlier activation (or an unreadable one): only the marked block counts as ours.
        }
        return names;
    }
}
