package io.harnessgym.runner.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.process.ChildEnvironment;
import io.harnessgym.process.ProcessResult;
import io.harnessgym.process.Sandbox;
import io.harnessgym.runner.AgentDirs;
import io.harnessgym.runner.AgentProcess;
import io.harnessgym.runner.AgentVersion;
import io.harnessgym.runner.Confinement;
import io.harnessgym.runner.Cost;
import io.harnessgym.runner.JsonLines;
import io.harnessgym.runner.PhaseRequest;
import io.harnessgym.runner.PhaseResult;
import io.harnessgym.runner.PhaseStatus;
import io.harnessgym.runner.Programs;
import io.harnessgym.runner.Runner;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.runner.ToolCall;
import io.harnessgym.runner.ToolGateway;
import io.harnessgym.runner.Trajectory;
import io.harnessgym.runner.Usage;
import io.harnessgym.workspace.AtomicFiles;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Any agent behind the harness contract (DESIGN.md): the harness's command, the task on stdin and
 * in {@code AGENT_TASK} / {@code AGENT_TASK_FILE}, {@code AGENT_MODEL}, {@code AGENT_METRICS_FILE}
 * and {@code AGENT_TRACE_FILE} for its claims, harnessgym's {@code HARNESSGYM_*} scope, and its
 * final JSON ({@code {"text": ..., "session_id": ...}}) on stdout. It runs under bubblewrap: the
 * workspace writable except {@code .git}, the agents' configs and the bundle (whose kind folders
 * are writable outside the attempt), its phase folder writable, the state directory, the rooms and
 * the user's credentials not visible, the network on (it talks to its model). Bundle tools are
 * called through the {@link ToolGateway}, so each call is logged.
 */
public final class CommandRunner implements Runner {
    /**
     * Above this the task is not put in {@code AGENT_TASK} (Linux caps one variable at 128 KiB).
     */
    static final int MAX_TASK_VARIABLE = 96 << 10;

    private static final int MAX_CLAIM_FILE = 8 << 20;

    private final RunnerContext context;
    private final Harness fixed;
    private final RunnerKind kind;

    public CommandRunner(RunnerContext context) {
        this(context, null, RunnerKind.COMMAND);
    }

    /** A runner for a harness given here, reported as {@code kind} (the scripted runner's). */
    public CommandRunner(RunnerContext context, Harness harness, RunnerKind kind) {
        this.context = context;
        this.fixed = harness;
        this.kind = kind;
    }

    @Override
    public RunnerKind kind() {
        return kind;
    }

    @Override
    public PhaseResult run(PhaseRequest request) {
        long start = System.nanoTime();
        List<String> warnings = new ArrayList<>();
        AgentProcess.createDirectories(request.phaseDir());
        Sandbox sandbox = Sandbox.detect(context.env());
        Harness harness;
        String program;
        try {
            harness = fixed != null ? fixed : Harness.load(context.options().harness());
            program = Programs.find(harness.command(), context.env());
            if (program == null) {
                throw HarnessGymException.badInput(
                        "the harness command "
                                + harness.command()
                                + " is not installed or not executable");
            }
        } catch (HarnessGymException e) {
            return PhaseResult.notRun(
                    request,
                    kind,
                    new PhaseStatus.Error(e.getMessage()),
                    null,
                    Confinement.none(null, sandbox.id(), "not started"),
                    warnings,
                    start);
        }
        if (request.resumesWithoutSession()) {
            warnings.add(
                    "no session to resume: the harness starts a new one for "
                            + request.phase().id());
        }
        Path ws = context.workspace().root();
        Path scratch;
        try {
            scratch = AgentDirs.phase(AgentDirs.root(context.state(), context.env()), request);
        } catch (IOException | HarnessGymException e) {
            return PhaseResult.notRun(
                    request,
                    kind,
                    new PhaseStatus.Error("the phase folder could not be made: " + e.getMessage()),
                    null,
                    Confinement.none(null, sandbox.id(), "not started"),
                    warnings,
                    start);
        }
        String task = harness.task(request.prompt());
        Path taskFile = scratch.resolve("task.txt");
        AtomicFiles.writeString(taskFile, task);
        Path metrics = scratch.resolve("metrics.json");
        Path trace = scratch.resolve("trace.json");
        AgentProcess.createKindFolders(ws, request.phase());
        Map<String, String> env = AgentProcess.environment(context, request);
        env.putAll(harness.env());
        // The harness's own variables never replace harnessgym's scope.
        env.putAll(request.scopeVariables());
        env.put("HARNESSGYM_WORKSPACE", ws.toString());
        if (task.length() <= MAX_TASK_VARIABLE) {
            env.put("AGENT_TASK", task);
        } else {
            warnings.add(
                    "the task is "
                            + task.length()
                            + " characters: it is on stdin and in AGENT_TASK_FILE, not in AGENT_TASK");
        }
        env.put("AGENT_TASK_FILE", taskFile.toString());
        String model =
                context.options().model() != null
                        ? context.options().model()
                        : harness.defaultModel();
        env.put("AGENT_MODEL", model == null ? "" : model);
        env.put("AGENT_METRICS_FILE", metrics.toString());
        env.put("AGENT_TRACE_FILE", trace.toString());
        Path socket = scratch.resolve("tools.sock");
        env.put(ToolGateway.ENV, socket.toString());
        Sandbox.Policy policy = policy(ws, request, scratch);
        if (sandbox instanceof Sandbox.None none) {
            warnings.add("the harness ran unsandboxed: " + none.reason());
        }
        List<String> argv = new ArrayList<>(List.of(program));
        argv.addAll(harness.args());
        argv.addAll(context.options().extraArgs());
        ProcessResult result;
        try (ToolGateway gateway =
                new ToolGateway(
                        socket,
                        context.launcher(),
                        context.workspace(),
                        context.state(),
                        gatewayEnv(request))) {
            PhaseRequest withTask =
                    new PhaseRequest(
                            request.phase(),
                            task,
                            request.sessionId(),
                            request.phaseDir(),
                            request.timeout(),
                            request.scope(),
                            request.activation());
            result = AgentProcess.run(withTask, sandbox.wrap(argv, ws, policy), ws, env);
        } catch (IOException e) {
            return PhaseResult.notRun(
                    request,
                    kind,
                    new PhaseStatus.Error(
                            "the tool gateway could not be started: " + e.getMessage()),
                    null,
                    Confinement.none(null, sandbox.id(), "not started"),
                    warnings,
                    start);
        }
        JsonNode[] last = new JsonNode[1];
        JsonLines.Counts counts = JsonLines.read(request.files().stdout(), node -> last[0] = node);
        JsonNode answer = last[0];
        if (answer == null) {
            warnings.add(
                    "the harness printed no final JSON on stdout"
                            + (counts.lines() > 0 ? " (" + counts.lines() + " other lines)" : ""));
        }
        JsonNode claimedMetrics = claim(metrics, "metrics", warnings);
        JsonNode claimedTrace = claim(trace, "trace", warnings);
        try {
            // Read: the phase's scratch folder (task, claims, socket) is not kept.
            io.harnessgym.workspace.FileTrees.delete(scratch);
        } catch (IOException e) {
            warnings.add(
                    "the phase folder " + scratch + " could not be removed: " + e.getMessage());
        }
        Usage usage =
                new Usage(
                        claimedMetrics.path("input_tokens").asLong(),
                        claimedMetrics.path("output_tokens").asLong(),
                        claimedMetrics
                                .path("cached_tokens")
                                .asLong(claimedMetrics.path("cached_input_tokens").asLong()));
        Cost cost =
                claimedMetrics.path("cost_usd").isNumber()
                        ? new Cost(claimedMetrics.get("cost_usd").asDouble(), "reported", model)
                        : Cost.unknown(model);
        Trajectory trajectory = new Trajectory().user(request.prompt());
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode step : claimedTrace.path("steps")) {
            if (step.path("text").isTextual()) {
                trajectory.agent(step.get("text").asText());
            }
            for (JsonNode call : step.path("tool_calls")) {
                String name = call.path("name").asText("tool");
                calls.add(
                        new ToolCall(
                                call.path("server").isTextual() ? "mcp" : "tool",
                                call.path("server").asText(null),
                                name,
                                call.path("status").asText("completed"),
                                null));
                trajectory.toolCall(
                        call.path("id").asText(null),
                        name,
                        call.path("arguments"),
                        call.path("result").isTextual()
                                ? call.get("result").asText()
                                : call.path("result").toString());
            }
        }
        String finalText = answer == null ? null : answer.path("text").asText(null);
        if (finalText != null) {
            trajectory.agent(finalText);
        }
        PhaseStatus status = AgentProcess.startOrTimeout(result, "the harness", request.timeout());
        if (status == null) {
            status =
                    result.exitCode() == 0
                            ? PhaseStatus.completed()
                            : new PhaseStatus.Failed(
                                    "the harness exited with status "
                                            + result.exitCode()
                                            + (AgentProcess.lastLine(result.stderr()).isEmpty()
                                                    ? ""
                                                    : ": "
                                                            + AgentProcess.lastLine(
                                                                    result.stderr())));
        }
        String session =
                answer != null && answer.path("session_id").isTextual()
                        ? answer.get("session_id").asText()
                        : request.sessionId();
        trajectory.write(
                request.files().trajectory(),
                session,
                new Trajectory.Agent(harness.dir().getFileName().toString(), null, model),
                usage,
                cost.usd(),
                null);
        if (!claimedTrace.isEmpty()) {
            AtomicFiles.writeString(request.files().transcript(), Json.pretty(claimedTrace) + "\n");
        }
        Confinement confinement =
                sandbox instanceof Sandbox.None none
                        ? Confinement.none(
                                System.getProperty("user.name"), sandbox.id(), none.reason())
                        : new Confinement(
                                sandbox.id(),
                                System.getProperty("user.name"),
                                policy.writable().stream().map(Path::toString).toList(),
                                policy.readOnly().stream().map(Path::toString).toList(),
                                policy.hidden().stream().map(Path::toString).toList(),
                                sandbox.id(),
                                List.of(
                                        "the harness's own claims (metrics, trace, final JSON) are recorded as claims"));
        return save(
                request,
                start,
                status,
                session,
                result.exitCode(),
                usage,
                cost,
                calls,
                finalText,
                confinement,
                warnings,
                !claimedTrace.isEmpty());
    }

    /** What the harness may write and see, as "The rule" says for this phase. */
    private Sandbox.Policy policy(Path ws, PhaseRequest request, Path scratch) {
        List<Path> writable = new ArrayList<>(List.of(ws, scratch));
        request.phase()
                .writableKindFolders()
                .forEach(k -> writable.add(ws.resolve(".harnessgym").resolve(k)));
        List<Path> readOnly = new ArrayList<>();
        for (String name : List.of(".harnessgym", ".git", ".codex", ".agents", ".claude")) {
            readOnly.add(ws.resolve(name));
        }
        List<Path> hidden =
                new ArrayList<>(
                        List.of(
                                context.state().root(),
                                context.state().roomsDir(),
                                AgentDirs.root(context.state(), context.env())));
        Sandbox.Policy base = Sandbox.Policy.forArtifacts(ws, hidden, true, context.env());
        return new Sandbox.Policy(writable, readOnly, base.hidden(), true);
    }

    /** The tool gateway's calls: harnessgym's own environment, with this phase's scope. */
    private Map<String, String> gatewayEnv(PhaseRequest request) {
        Map<String, String> env =
                new TreeMap<>(
                        ChildEnvironment.of(
                                ChildEnvironment.Policy.SERVER,
                                context.env(),
                                request.scopeVariables()));
        for (String name : List.of("XDG_STATE_HOME", "HARNESSGYM_SANDBOX")) {
            if (context.env().containsKey(name)) {
                env.put(name, context.env().get(name));
            }
        }
        return env;
    }

    /** A claims file the harness wrote (a JSON object of at most 8 MiB), else an empty object. */
    private static JsonNode claim(Path file, String what, List<String> warnings) {
        Json.Claimed claimed =
                Json.readClaimed(file, MAX_CLAIM_FILE, "the harness's " + what + " file");
        if (claimed.problem() != null) {
            warnings.add(claimed.problem());
        }
        return claimed.value();
    }

    private PhaseResult save(
            PhaseRequest request,
            long start,
            PhaseStatus status,
            String session,
            Integer exit,
            Usage usage,
            Cost cost,
            List<ToolCall> calls,
            String message,
            Confinement confinement,
            List<String> warnings,
            boolean transcript) {
        PhaseResult phase =
                new PhaseResult(
                        request.phase(),
                        kind,
                        status,
                        session,
                        exit,
                        (System.nanoTime() - start) / 1_000_000,
                        // The trajectory is written for every phase that reached this point.
                        PhaseResult.Files.of(request.files(), transcript, true),
                        usage,
                        cost,
                        calls,
                        message,
                        AgentVersion.of(kind.id(), null, null),
                        confinement,
                        warnings);
        phase.writeTo(request.files().result());
        return phase;
    }
}
