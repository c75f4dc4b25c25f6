package io.harnessgym.runner.claude;

import io.harnessgym.activation.ActiveServer;
import io.harnessgym.mcp.telemetry.CallLogCollector;
import io.harnessgym.process.ProcessResult;
import io.harnessgym.process.Sandbox;
import io.harnessgym.runner.AgentDirs;
import io.harnessgym.runner.AgentProcess;
import io.harnessgym.runner.AgentUser;
import io.harnessgym.runner.AgentVersion;
import io.harnessgym.runner.Confinement;
import io.harnessgym.runner.Cost;
import io.harnessgym.runner.MountStubs;
import io.harnessgym.runner.Phase;
import io.harnessgym.runner.PhaseRequest;
import io.harnessgym.runner.PhaseResult;
import io.harnessgym.runner.PhaseStatus;
import io.harnessgym.runner.Programs;
import io.harnessgym.runner.ProxyHosting;
import io.harnessgym.runner.Runner;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.runner.Trajectory;
import io.harnessgym.runner.Usage;
import io.harnessgym.workspace.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Claude Code: {@code claude -p --output-format stream-json --verbose}, {@code --resume <id>} to
 * continue, the prompt on stdin, {@code --strict-mcp-config} always (only the activation's servers,
 * through the proxy), permission mode {@code acceptEdits} (never {@code bypassPermissions}), and
 * the generated {@link ClaudeSettings}. Its sandbox does not hold against root, so as root it runs
 * only as {@code --agent-user}; the proxies then run as that user too and send their records to
 * harnessgym's {@link CallLogCollector} on a unix socket.
 */
public final class ClaudeRunner implements Runner {
    /** The Claude Code version the settings were verified with (docs/runners.md). */
    public static final String VERIFIED_VERSION = "2.1.197";

    private static final List<String> REFUSED_ARGS =
            List.of(
                    "--dangerously-skip-permissions",
                    "--permission-mode",
                    "--settings",
                    "--setting-sources",
                    "--mcp-config",
                    "--allow-dangerously-skip-permissions");

    private final RunnerContext context;
    private final ClaudeSession session;

    public ClaudeRunner(RunnerContext context) {
        this.context = context;
        this.session = new ClaudeSession(context);
    }

    @Override
    public RunnerKind kind() {
        return RunnerKind.CLAUDE;
    }

    @Override
    public PhaseResult run(PhaseRequest request) {
        long start = System.nanoTime();
        List<String> warnings = new ArrayList<>();
        Path ws = context.workspace().root();
        AgentProcess.createDirectories(request.phaseDir());
        String program =
                Programs.find(orDefault(context.options().program(), "claude"), context.env());
        String serversSandbox = Sandbox.detect(context.env()).id();
        AgentUser user = null;
        String refusal = refusal(request, program);
        if (refusal == null && AgentUser.runningAsRoot()) {
            String name = context.options().agentUser();
            if (name == null || name.isBlank()) {
                refusal =
                        "Claude Code's sandbox does not hold against root (its shell can remount and write"
                                + " the evidence), so harnessgym will not run it as root: pass --agent-user NAME"
                                + " (create one with: useradd --system --create-home hgagent; give it the"
                                + " workspace: chown -R hgagent WORKSPACE), or run harnessgym as an unprivileged user";
            } else {
                user = AgentUser.lookup(name, Path.of("/etc/passwd"));
                if (user == null) {
                    refusal = "--agent-user " + name + ": no such user in /etc/passwd";
                } else if (!user.owns(ws)) {
                    refusal =
                            "the workspace "
                                    + ws
                                    + " is not owned by the agent user "
                                    + name
                                    + ", who must be able to write it: chown -R "
                                    + name
                                    + " "
                                    + ws;
                }
            }
        }
        Confinement refused = Confinement.none(null, serversSandbox, "not started");
        if (refusal != null) {
            return PhaseResult.notRun(
                    request,
                    RunnerKind.CLAUDE,
                    new PhaseStatus.Error(refusal),
                    null,
                    refused,
                    warnings,
                    start);
        }
        try {
            return runConfined(request, program, user, serversSandbox, start, warnings);
        } catch (IOException e) {
            return PhaseResult.notRun(
                    request,
                    RunnerKind.CLAUDE,
                    new PhaseStatus.Error("the phase could not be set up: " + e.getMessage()),
                    null,
                    refused,
                    warnings,
                    start);
        }
    }

    private PhaseResult runConfined(
            PhaseRequest request,
            String program,
            AgentUser user,
            String serversSandbox,
            long start,
            List<String> warnings)
            throws IOException {
        Path ws = context.workspace().root();
        Map<String, String> env = session.environment(request, user);
        Path configDir = Path.of(env.get("CLAUDE_CONFIG_DIR"));
        // Files claude reads: in the phase folder, or, for an agent user, in a folder it can read
        // and not write.
        Path runtime =
                user == null
                        ? request.phaseDir().resolve(request.phase().id() + ".claude")
                        : AgentDirs.phase(AgentDirs.root(context.state(), context.env()), request);
        Files.createDirectories(runtime);
        List<Path> outside =
                new ArrayList<>(
                        List.of(context.state().root(), context.state().roomsDir(), configDir));
        if (user != null) {
            outside.add(AgentDirs.root(context.state(), context.env()));
        }
        List<ActiveServer> servers =
                request.activation() == null ? List.of() : request.activation().servers();
        List<String> serverNames = servers.stream().map(ActiveServer::name).toList();
        ClaudeSettings settings =
                ClaudeSettings.of(ws, request.phase(), outside, serverNames, user != null);
        Path settingsFile = runtime.resolve("settings.json");
        AtomicFiles.write(settingsFile, settings.bytes());
        Path socket = runtime.resolve("calls.sock");
        List<String> mcpArgs = new ArrayList<>(List.of("--strict-mcp-config"));
        if (!servers.isEmpty()) {
            Path mcpConfig = runtime.resolve("mcp.json");
            AtomicFiles.write(mcpConfig, session.mcpConfig(servers, user == null ? null : socket));
            mcpArgs.addAll(List.of("--mcp-config", mcpConfig.toString()));
            mcpArgs.add(
                    "--allowedTools="
                            + String.join(
                                    ",", serverNames.stream().map(n -> "mcp__" + n).toList()));
        }
        if (user != null) {
            for (Path path : List.of(runtime, settingsFile)) {
                Files.setPosixFilePermissions(
                        path,
                        PosixFilePermissions.fromString(
                                Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
            if (Files.exists(runtime.resolve("mcp.json"))) {
                Files.setPosixFilePermissions(
                        runtime.resolve("mcp.json"), PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        AgentVersion version =
                AgentVersion.probe("claude", program, ws, env, VERIFIED_VERSION, warnings);
        AgentProcess.createKindFolders(ws, request.phase());
        if (user != null) {
            if (request.phase().buildsTools()) {
                KindFolderOwnership.give(ws, request.phase(), user);
            } else {
                KindFolderOwnership.takeBack(ws, Phase.BUILD);
            }
        }
        List<String> argv = new ArrayList<>();
        if (user != null) {
            String setpriv = Programs.find("setpriv", context.env());
            if (setpriv == null) {
                return PhaseResult.notRun(
                        request,
                        RunnerKind.CLAUDE,
                        new PhaseStatus.Error(
                                "setpriv (util-linux) is needed to run claude as " + user.name()),
                        version,
                        Confinement.none(user.name(), serversSandbox, "not started"),
                        warnings,
                        start);
            }
            argv.addAll(user.setpriv(setpriv));
        }
        argv.addAll(
                List.of(
                        program,
                        "-p",
                        "--output-format",
                        "stream-json",
                        "--verbose",
                        "--permission-mode",
                        "acceptEdits",
                        "--settings",
                        settingsFile.toString()));
        argv.addAll(mcpArgs);
        if (context.options().model() != null) {
            argv.addAll(List.of("--model", context.options().model()));
        }
        if (context.options().maxBudgetUsd() != null) {
            argv.addAll(
                    List.of("--max-budget-usd", String.valueOf(context.options().maxBudgetUsd())));
        }
        if (!request.phase().fresh()) {
            argv.addAll(List.of("--resume", request.sessionId()));
        }
        argv.addAll(context.options().extraArgs());
        MountStubs stubs = ClaudeMounts.prepare(ws, user != null);
        CallLogCollector collector =
                user != null && !servers.isEmpty()
                        ? session.collector(request, socket, user)
                        : null;
        ProcessResult result;
        // Proxies that run as harnessgym's own user hand their sessions to a warm host; an agent
        // user's proxies cannot reach it (its folder is private) and go through the collector.
        try (ProxyHosting hosting =
                ProxyHosting.forPhase(request, context.state(), user == null, warnings)) {
            result = AgentProcess.run(request, argv, ws, env);
        } finally {
            stubs.removeLeftovers();
            if (user != null && request.phase().buildsTools()) {
                KindFolderOwnership.takeBack(ws, request.phase());
            }
            if (collector != null) {
                collector.close();
                if (collector.rejected() > 0) {
                    warnings.add(
                            collector.rejected()
                                    + " connection(s) or line(s) on the call-log socket were refused");
                }
            }
        }
        if (user != null) {
            // The settings in force stay with the phase's record; the agent's copy goes.
            Files.copy(
                    settingsFile,
                    request.phaseDir().resolve(request.phase().id() + ".claude-settings.json"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            io.harnessgym.workspace.FileTrees.delete(runtime);
        }
        ClaudeEvents events = ClaudeEvents.read(request.files().stdout(), request.prompt());
        warnings.addAll(events.warnings);
        events.servers.forEach(
                (name, status) -> {
                    if (!"connected".equals(status)) {
                        warnings.add("MCP server " + name + " is " + status + " in this session");
                    }
                });
        PhaseStatus status = AgentProcess.startOrTimeout(result, "claude", request.timeout());
        if (status == null) {
            if (events.isError) {
                status =
                        new PhaseStatus.Failed(
                                firstLine(
                                        events.resultText != null
                                                ? events.resultText
                                                : events.errorSubtype));
            } else if (!events.sawResult || result.exitCode() != 0) {
                String why = AgentProcess.lastLine(result.stderr());
                status =
                        new PhaseStatus.Failed(
                                "claude exited with status "
                                        + result.exitCode()
                                        + (why.isEmpty() ? "" : ": " + why));
            } else {
                status = PhaseStatus.completed();
            }
        }
        String session = events.sessionId != null ? events.sessionId : request.sessionId();
        Cost cost =
                events.costUsd == null
                        ? Cost.unknown(events.model)
                        : new Cost(events.costUsd, "reported", events.model);
        events.trajectory.write(
                request.files().trajectory(),
                session,
                new Trajectory.Agent("claude-code", version.version(), events.model),
                events.usage,
                events.costUsd,
                null);
        List<String> writable = new ArrayList<>(List.of(ws.toString()));
        request.phase()
                .writableKindFolders()
                .forEach(kind -> writable.add(ws.resolve(".harnessgym").resolve(kind).toString()));
        Confinement confinement =
                new Confinement(
                        "claude_sandbox",
                        user == null ? System.getProperty("user.name") : user.name(),
                        writable,
                        settings.protectedPaths(),
                        user == null ? List.of() : List.of(context.state().root().toString()),
                        serversSandbox,
                        List.of(
                                "Bash runs in Claude Code's sandbox (required, no unsandboxed escape);"
                                        + " Write and Edit are bound by its deny rules, not the OS sandbox"));
        return save(
                request,
                start,
                status,
                session,
                result.exitCode(),
                events.usage,
                cost,
                events.toolCalls,
                events.resultText,
                version,
                confinement,
                warnings);
    }

    private String refusal(PhaseRequest request, String program) {
        if (program == null) {
            return "Claude Code ("
                    + orDefault(context.options().program(), "claude")
                    + ") is not installed or not executable; install it with: npm install -g @anthropic-ai/claude-code";
        }
        if (request.resumesWithoutSession()) {
            return "cannot run "
                    + request.phase().id()
                    + ": no Claude Code session id is available to resume";
        }
        for (String arg : context.options().extraArgs()) {
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (REFUSED_ARGS.contains(flag) || arg.contains("bypassPermissions")) {
                return "the extra argument '"
                        + arg
                        + "' would change harnessgym's confinement of Claude Code; it is refused (docs/runners.md)";
            }
        }
        return null;
    }

    private PhaseResult save(
            PhaseRequest request,
            long start,
            PhaseStatus status,
            String session,
            Integer exit,
            Usage usage,
            Cost cost,
            List<io.harnessgym.runner.ToolCall> calls,
            String message,
            AgentVersion version,
            Confinement confinement,
            List<String> warnings) {
        PhaseResult phase =
                new PhaseResult(
                        request.phase(),
                        RunnerKind.CLAUDE,
                        status,
                        session == null ? request.sessionId() : session,
                        exit,
                        (System.nanoTime() - start) / 1_000_000,
                        PhaseResult.Files.of(request.files(), true, true),
                        usage,
                        cost,
                        calls,
                        message,
                        version,
                        confinement,
                        warnings);
        phase.writeTo(request.files().result());
        return phase;
    }

    private static String firstLine(String text) {
        String line = text == null ? "" : text.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
