package io.harnessgym.runner.codex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.harnessgym.process.ProcessResult;
import io.harnessgym.process.Sandbox;
import io.harnessgym.runner.AgentProcess;
import io.harnessgym.runner.AgentVersion;
import io.harnessgym.runner.Confinement;
import io.harnessgym.runner.Cost;
import io.harnessgym.runner.MountStubs;
import io.harnessgym.runner.PhaseRequest;
import io.harnessgym.runner.PhaseResult;
import io.harnessgym.runner.PhaseStatus;
import io.harnessgym.runner.PriceTable;
import io.harnessgym.runner.Programs;
import io.harnessgym.runner.ProxyHosting;
import io.harnessgym.runner.Runner;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.runner.SessionIds;
import io.harnessgym.runner.Trajectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Codex CLI: {@code codex exec --json} for a fresh session, {@code codex exec resume <thread>} to
 * continue it, the prompt on stdin, the activation's {@code -c} overrides (its servers through the
 * proxy), and the permission profile of {@link CodexProfile} on every call.
 */
public final class CodexRunner implements Runner {
    /** The Codex CLI version the permission profile was verified with (docs/runners.md). */
    public static final String VERIFIED_VERSION = "0.169.0";

    private static final List<String> REFUSED_ARGS =
            List.of(
                    "--sandbox",
                    "-s",
                    "--dangerously-bypass-approvals-and-sandbox",
                    "--full-auto",
                    "--yolo");

    private static final TomlMapper TOML = new TomlMapper();

    /**
     * What Codex's bubblewrap mounts over in every writable root (read-only, or an empty tmpfs),
     * creating an empty stub where one is missing: the stubs are removed after the phase.
     */
    static final List<String> SANDBOX_MOUNTS = List.of(".git", ".codex", ".agents", ".aws");

    private final RunnerContext context;

    public CodexRunner(RunnerContext context) {
        this.context = context;
    }

    @Override
    public RunnerKind kind() {
        return RunnerKind.CODEX;
    }

    @Override
    public PhaseResult run(PhaseRequest request) {
        long start = System.nanoTime();
        List<String> warnings = new ArrayList<>();
        Path ws = context.workspace().root();
        // Codex's home and its config, read once for the phase.
        Path codexHome = codexHome(context.env());
        JsonNode userConfig = config(codexHome, "config.toml");
        Map<String, String> env = environment(request, codexHome, userConfig, warnings);
        String program = Programs.find(orDefault(context.options().program(), "codex"), env);
        String serversSandbox = Sandbox.detect(context.env()).id();
        CodexProfile profile =
                CodexProfile.of(
                        ws,
                        request.phase(),
                        List.of(context.state().root(), context.state().roomsDir()),
                        codexHome);
        Confinement confinement =
                new Confinement(
                        "codex_permission_profile",
                        System.getProperty("user.name"),
                        profile.writable(),
                        profile.readOnly(),
                        profile.hidden(),
                        serversSandbox,
                        List.of());
        AgentProcess.createDirectories(request.phaseDir());
        String refusal = refusal(request, program, codexHome, userConfig);
        if (refusal != null) {
            return PhaseResult.notRun(
                    request,
                    RunnerKind.CODEX,
                    new PhaseStatus.Error(refusal),
                    null,
                    confinement,
                    warnings,
                    start);
        }
        AgentVersion version =
                AgentVersion.probe("codex", program, ws, env, VERIFIED_VERSION, warnings);
        AgentProcess.createKindFolders(ws, request.phase());
        List<String> argv = argv(program, request, profile);
        List<Path> roots =
                profile.writable().stream().map(Path::of).filter(p -> p.startsWith(ws)).toList();
        MountStubs stubs = MountStubs.create().watchIn(roots, SANDBOX_MOUNTS);
        ProcessResult result;
        try (ProxyHosting hosting =
                ProxyHosting.forPhase(request, context.state(), true, warnings)) {
            result = AgentProcess.run(request, argv, ws, env);
        } finally {
            stubs.removeLeftovers();
        }
        CodexEvents events = CodexEvents.read(request.files().stdout(), request.prompt());
        warnings.addAll(events.warnings);
        if (events.counts.skipped() > 0) {
            warnings.add(events.counts.skipped() + " line(s) of codex output were not JSON events");
        }
        PhaseStatus status = AgentProcess.startOrTimeout(result, "codex", request.timeout());
        if (status == null) {
            if (events.failure != null) {
                status = new PhaseStatus.Failed(events.failure);
            } else if (result.exitCode() != 0) {
                status =
                        new PhaseStatus.Failed(
                                "codex exited with status "
                                        + result.exitCode()
                                        + orEmpty(": ", AgentProcess.lastLine(result.stderr())));
            } else if (!events.turnCompleted) {
                status = new PhaseStatus.Failed("codex ended without completing a turn");
            } else {
                status = PhaseStatus.completed();
            }
        }
        String session = events.threadId;
        if (session == null) {
            session = SessionIds.fromText(result.stderr());
        }
        if (session == null) {
            session = request.sessionId();
        }
        Cost cost =
                PriceTable.load(context.options().prices()).cost(model(userConfig), events.usage);
        events.trajectory.write(
                request.files().trajectory(),
                session,
                new Trajectory.Agent("codex", version.version(), model(userConfig)),
                events.usage,
                cost.usd(),
                null);
        PhaseResult phase =
                new PhaseResult(
                        request.phase(),
                        RunnerKind.CODEX,
                        status,
                        session,
                        result.exitCode(),
                        (System.nanoTime() - start) / 1_000_000,
                        PhaseResult.Files.of(request.files(), true, true),
                        events.usage,
                        cost,
                        events.toolCalls(),
                        events.lastMessage,
                        version,
                        confinement,
                        warnings);
        phase.writeTo(request.files().result());
        return phase;
    }

    /** Why this phase cannot be run as asked, or null. */
    private String refusal(
            PhaseRequest request, String program, Path codexHome, JsonNode userConfig) {
        if (program == null) {
            return "the Codex CLI ("
                    + orDefault(context.options().program(), "codex")
                    + ") is not installed or not executable; install it with: npm install -g @openai/codex";
        }
        if (request.resumesWithoutSession()) {
            return "cannot run "
                    + request.phase().id()
                    + ": no Codex session id is available to resume";
        }
        for (String arg : context.options().extraArgs()) {
            if (REFUSED_ARGS.contains(arg)
                    || arg.startsWith("--sandbox=")
                    || arg.contains("sandbox_mode")) {
                return "the extra argument '"
                        + arg
                        + "' would replace harnessgym's permission profile with Codex's legacy sandbox;"
                        + " it is refused (docs/runners.md)";
            }
        }
        // A config that cannot be read is Codex's to report.
        Path project = context.workspace().root().resolve(".codex");
        for (Map.Entry<String, JsonNode> config :
                List.of(
                        Map.entry(
                                String.valueOf(
                                        codexHome == null
                                                ? "config.toml"
                                                : codexHome.resolve("config.toml")),
                                userConfig),
                        Map.entry(
                                project.resolve("config.toml").toString(),
                                config(project, "config.toml")))) {
            if (config.getValue().has("sandbox_mode")) {
                return config.getKey()
                        + " sets sandbox_mode, which makes Codex ignore harnessgym's permission profile"
                        + " (the agent could then write the bundle); remove that key to run under harnessgym";
            }
        }
        return null;
    }

    List<String> argv(String program, PhaseRequest request, CodexProfile profile) {
        List<String> argv =
                new ArrayList<>(List.of(program, "exec", "--json", "--skip-git-repo-check"));
        if (context.options().model() != null) {
            argv.addAll(List.of("-m", context.options().model()));
        }
        argv.addAll(profile.overrides());
        if (request.activation() != null) {
            argv.addAll(request.activation().codexOverrides());
        }
        argv.addAll(context.options().extraArgs());
        if (!request.phase().fresh()) {
            argv.addAll(List.of("resume", request.sessionId()));
        }
        argv.add("-");
        return argv;
    }

    private Map<String, String> environment(
            PhaseRequest request, Path home, JsonNode userConfig, List<String> warnings) {
        Map<String, String> env = AgentProcess.environment(context, request);
        // The key variables the user's model providers name (env_key), which the filter does not
        // know by name.
        for (String name : providerKeys(userConfig)) {
            String value = context.env().get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        // Codex will not put its sandbox helper under the temporary folder; with its home there
        // (a test, a CI job), its shell would have no sandbox to run in.
        Path temp = Path.of(env.getOrDefault("TMPDIR", "/tmp"));
        if (home != null
                && home.toAbsolutePath()
                        .normalize()
                        .startsWith(temp.toAbsolutePath().normalize())) {
            Path other = Path.of("/var/tmp");
            env.put("TMPDIR", other.toString());
            warnings.add("CODEX_HOME is under " + temp + "; codex ran with TMPDIR=" + other);
        }
        return env;
    }

    private static List<String> providerKeys(JsonNode userConfig) {
        List<String> names = new ArrayList<>();
        userConfig
                .path("model_providers")
                .forEach(
                        provider -> {
                            if (provider.path("env_key").isTextual()) {
                                names.add(provider.get("env_key").asText());
                            }
                            provider.path("env_http_headers").forEach(v -> names.add(v.asText()));
                        });
        return names;
    }

    /**
     * A Codex config ({@code dir/name}), or an empty object when there is none or it is unreadable.
     */
    private static JsonNode config(Path dir, String name) {
        if (dir == null || !Files.isRegularFile(dir.resolve(name))) {
            return io.harnessgym.workspace.Json.object();
        }
        try {
            JsonNode root = TOML.readTree(Files.readString(dir.resolve(name)));
            return root == null ? io.harnessgym.workspace.Json.object() : root;
        } catch (IOException | RuntimeException e) {
            return io.harnessgym.workspace.Json.object();
        }
    }

    private static Path codexHome(Map<String, String> env) {
        String home = env.get("CODEX_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        String user = env.get("HOME");
        return user == null || user.isBlank() ? null : Path.of(user, ".codex");
    }

    private String model(JsonNode userConfig) {
        if (context.options().model() != null) {
            return context.options().model();
        }
        JsonNode model = userConfig.path("model");
        return model.isTextual() ? model.asText() : null;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String orEmpty(String prefix, String text) {
        return text.isEmpty() ? "" : prefix + text;
    }
}
