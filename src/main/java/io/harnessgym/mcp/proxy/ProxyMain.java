package io.harnessgym.mcp.proxy;

import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.mcp.ServerLaunch;
import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.telemetry.CallLog;
import io.harnessgym.mcp.telemetry.CallLogWriter;
import io.harnessgym.mcp.telemetry.CallSink;
import io.harnessgym.mcp.telemetry.Scope;
import io.harnessgym.mcp.telemetry.SocketCallSink;
import io.harnessgym.process.ChildEnvironment;
import io.harnessgym.process.ProcessGroup;
import io.harnessgym.process.Sandbox;
import io.harnessgym.registry.McpManifest;
import io.harnessgym.registry.McpManifestParser;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.FutureTask;

/**
 * {@code harnessgym mcp proxy ...}, dispatched from {@code main} before picocli is built (one proxy
 * starts per server per agent session, so its start-up is kept lean). Only MCP messages ever go to
 * stdout: {@code System.out} is pointed at stderr before anything else runs.
 */
public final class ProxyMain {
    static final String USAGE =
            """
            Usage: harnessgym mcp proxy --workspace DIR (--manifest PATH | [--cwd DIR] -- COMMAND [ARGS...])
                                        [--state-dir DIR] [--expect-digest sha256:...]
                                        [--server NAME] [--framing auto|ndjson|content-length]
                                        [--response-timeout SECONDS] [--startup-timeout SECONDS]
                                        [--max-message-bytes N] [--log-socket PATH]
            Runs an MCP server behind a telemetry proxy: newline-delimited JSON to the client on stdin/stdout,
            the server's own framing to the server, and one line per tools/call in the call log of the
            workspace's private state directory (see 'harnessgym state path'). A quarantined server, or one
            whose files changed since activation (--expect-digest), is not run: every request gets an error.
            With --log-socket (a proxy run as the agent's unprivileged user), harnessgym's collector on that
            unix socket decides admission and writes the records instead.""";

    private ProxyMain() {}

    /**
     * A launch and the timeouts that apply to it: the flags when given, else the manifest's, else
     * defaults.
     */
    private record Plan(
            ServerLaunch launch,
            Path manifest,
            Duration responseTimeout,
            Duration startupTimeout) {}

    public static int run(
            String[] args,
            InputStream stdin,
            OutputStream stdout,
            PrintStream stderr,
            Map<String, String> env) {
        ProxyArguments arguments;
        try {
            arguments = ProxyArguments.parse(args, env);
        } catch (IllegalArgumentException e) {
            stderr.println("harnessgym: error: " + e.getMessage());
            stderr.println(USAGE);
            return ExitCode.USAGE.code();
        }
        if (arguments.help()) {
            stderr.println(USAGE);
            return ExitCode.OK.code();
        }
        if (arguments.manifest() != null) {
            // A bundle server runs confined: whether bubblewrap works here is found out while the
            // manifest is parsed and admission decides; the launch takes the answer.
            Sandbox.detectAhead(env);
        }
        try {
            Workspace workspace = Workspace.open(arguments.workspace());
            StateDir state = StateDir.of(workspace, arguments.stateDir(), env);
            // Run as another user than harnessgym (Claude Code's agent user), the proxy reaches
            // neither the records nor the log: harnessgym's collector admits and logs for it.
            SocketCallSink socket =
                    arguments.logSocket() == null
                            ? null
                            : new SocketCallSink(arguments.logSocket(), stderr);
            FutureTask<Optional<String>> admission =
                    socket == null ? admitInBackground(workspace, state, arguments) : null;
            Plan plan = plan(workspace, state, arguments, env);
            ServerLaunch launch = plan.launch();
            Scope scope = Scope.fromEnvironment(env);
            int status;
            try (CallSink log =
                    socket != null ? socket : new CallLogWriter(CallLog.of(state), stderr)) {
                Optional<String> refusal =
                        socket != null
                                ? socket.admission(
                                        launch.name(), plan.manifest(), arguments.expectDigest())
                                : await(admission);
                if (refusal.isPresent()) {
                    RefusedSession.run(
                            launch.name(),
                            refusal.get(),
                            scope,
                            stdin,
                            stdout,
                            stderr,
                            log,
                            arguments.maxMessageBytes());
                    return ExitCode.BAD_INPUT.code();
                }
                McpProxy.Options options =
                        new McpProxy.Options(
                                launch.name(),
                                launch.framing(),
                                plan.responseTimeout(),
                                plan.startupTimeout(),
                                arguments.maxMessageBytes(),
                                scope,
                                Duration.ofSeconds(2),
                                launch.policy() == null ? "none" : launch.sandbox().id());
                ProcessGroup process = launch.start();
                try {
                    status = new McpProxy(options, stdin, stdout, stderr, log).run(process);
                } finally {
                    process.close();
                }
                if (log.failed()) {
                    stderr.println(
                            "harnessgym: error: calls of this session were not logged to "
                                    + log.target());
                    return ExitCode.BAD_INPUT.code();
                }
            }
            return status;
        } catch (HarnessGymException e) {
            stderr.println("harnessgym: error: " + e.getMessage());
            return e.exitCode().code();
        } catch (java.io.UncheckedIOException e) {
            stderr.println("harnessgym: error: " + e.getMessage());
            return ExitCode.BAD_INPUT.code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.INTERNAL.code();
        }
    }

    /**
     * The real process: raw stdin and stdout, and System.out redirected so nothing stray reaches
     * the client.
     */
    public static void main(String[] args) {
        warmUpInBackground();
        OutputStream stdout =
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        PrintStream stderr = System.err;
        System.setOut(stderr);
        int status =
                run(args, new FileInputStream(FileDescriptor.in), stdout, stderr, System.getenv());
        stderr.flush();
        if (io.harnessgym.process.Shutdown.inProgress()) {
            // Stopped by a signal: the shutdown hooks are logging the calls still pending; exit
            // blocks until they are done, where halt would cut them short.
            System.exit(status);
        }
        Runtime.getRuntime().halt(status);
    }

    /**
     * Loads and initialises the JSON classes, then runs the path of a call on synthetic messages
     * ({@link ProxyWarmUp}), on the second core while the main thread parses the arguments and
     * starts the server, so that the first calls do not wait for class loading or the interpreter.
     * The JSON classes are first touched on that thread: initialising them is itself about 50 ms,
     * which the main thread, on its way to starting the server, must not wait for.
     */
    private static void warmUpInBackground() {
        Thread warm = new Thread(ProxyWarmUp::runWithJson, "harnessgym-proxy-warmup");
        warm.setDaemon(true);
        warm.start();
    }

    /** The manifest, confined to the workspace. */
    private static Path manifestPath(Workspace workspace, ProxyArguments arguments) {
        Path file = Path.of(arguments.manifest());
        Path manifestPath =
                file.isAbsolute()
                        ? file.normalize()
                        : workspace.resolveConfined(arguments.manifest(), "manifest path");
        io.harnessgym.workspace.ConfinedPaths.requireInside(
                workspace.root(), manifestPath, "manifest " + manifestPath);
        return manifestPath;
    }

    /**
     * Admission (the server's digest and the private records) on the second core while the main
     * thread parses the manifest: it decides before the server starts, and costs no start-up time.
     */
    private static FutureTask<Optional<String>> admitInBackground(
            Workspace workspace, StateDir state, ProxyArguments arguments) {
        Path manifest = arguments.manifest() == null ? null : manifestPath(workspace, arguments);
        FutureTask<Optional<String>> task =
                new FutureTask<>(
                        () ->
                                manifest == null
                                        ? Optional.empty()
                                        : Admission.refusal(
                                                workspace,
                                                state,
                                                manifest,
                                                arguments.expectDigest()));
        Thread thread = new Thread(task, "harnessgym-proxy-admission");
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    /** The admission's verdict; its failure is the proxy's (one line, exit 3). */
    private static Optional<String> await(FutureTask<Optional<String>> admission)
            throws InterruptedException {
        try {
            return admission.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static Plan plan(
            Workspace workspace,
            StateDir state,
            ProxyArguments arguments,
            Map<String, String> env) {
        Framing framing;
        try {
            framing = Framing.parse(arguments.framing());
        } catch (IllegalArgumentException e) {
            throw new HarnessGymException(ExitCode.USAGE, e.getMessage());
        }
        if (arguments.manifest() != null) {
            Path manifestPath = manifestPath(workspace, arguments);
            McpManifestParser.Result parsed = McpManifestParser.parse(workspace, manifestPath);
            if (!parsed.valid()) {
                throw HarnessGymException.badInput(String.join("; ", parsed.problems()));
            }
            McpManifest manifest = parsed.manifest();
            ServerLaunch fromManifest = ServerLaunch.fromManifest(workspace, manifest, env);
            String name = arguments.server() != null ? arguments.server() : manifest.name();
            // A bundle server runs confined as in qualification: the workspace writable but its
            // bundle and .git, the state directory (the call log) and credentials out of sight.
            ServerLaunch launch =
                    new ServerLaunch(
                                    name,
                                    fromManifest.argv(),
                                    fromManifest.cwd(),
                                    fromManifest.env(),
                                    arguments.framing() != null ? framing : fromManifest.framing())
                            .confined(
                                    Sandbox.detect(env),
                                    Sandbox.Policy.forArtifacts(
                                            workspace.root(),
                                            hidden(state, arguments),
                                            manifest.network(),
                                            env));
            return new Plan(
                    launch,
                    manifestPath,
                    orDefault(
                            arguments.responseTimeout(),
                            Duration.ofSeconds(manifest.toolTimeoutSec())),
                    orDefault(
                            arguments.startupTimeout(),
                            Duration.ofSeconds(manifest.startupTimeoutSec())));
        }
        if (arguments.command().isEmpty()) {
            throw new HarnessGymException(
                    ExitCode.USAGE, "give --manifest PATH or a server command after --");
        }
        Path cwd =
                arguments.cwd() == null
                        ? workspace.root()
                        : Path.of(arguments.cwd()).isAbsolute()
                                ? Path.of(arguments.cwd()).normalize()
                                : workspace.resolveConfined(arguments.cwd(), "--cwd");
        io.harnessgym.workspace.ConfinedPaths.requireInside(workspace.root(), cwd, "--cwd " + cwd);
        String name = arguments.server() != null ? arguments.server() : "server";
        ServerLaunch launch =
                new ServerLaunch(
                        McpManifestParser.sanitizeName(name),
                        arguments.command(),
                        cwd,
                        ChildEnvironment.of(env, Map.of()),
                        framing);
        return new Plan(
                launch,
                null,
                orDefault(arguments.responseTimeout(), Duration.ofSeconds(60)),
                orDefault(arguments.startupTimeout(), Duration.ofSeconds(10)));
    }

    /** What the bundle's server must not see: the state, the rooms, the collector's socket. */
    private static List<Path> hidden(StateDir state, ProxyArguments arguments) {
        List<Path> hidden = new java.util.ArrayList<>(List.of(state.root(), state.roomsDir()));
        if (arguments.logSocket() != null) {
            hidden.add(arguments.logSocket().toAbsolutePath().getParent());
        }
        return hidden;
    }

    private static Duration orDefault(Duration given, Duration fallback) {
        return given != null ? given : fallback;
    }
}
