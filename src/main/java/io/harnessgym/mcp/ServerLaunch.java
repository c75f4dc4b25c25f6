package io.harnessgym.mcp;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.process.ChildEnvironment;
import io.harnessgym.process.ProcessGroup;
import io.harnessgym.process.Sandbox;
import io.harnessgym.registry.McpManifest;
import io.harnessgym.workspace.Workspace;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to start one MCP server: argv, a confined cwd, a scrubbed environment plus the manifest's
 * {@code env}, and its framing when known. The server runs in its own process group.
 */
public record ServerLaunch(
        String name,
        List<String> argv,
        Path cwd,
        Map<String, String> env,
        Framing framing,
        Sandbox sandbox,
        Sandbox.Policy policy) {

    public ServerLaunch {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        sandbox = sandbox == null ? new Sandbox.None("not asked for") : sandbox;
    }

    /** An unconfined launch. */
    public ServerLaunch(
            String name, List<String> argv, Path cwd, Map<String, String> env, Framing framing) {
        this(name, argv, cwd, env, framing, null, null);
    }

    /** The same server, run inside {@code sandbox} under {@code policy}. */
    public ServerLaunch confined(Sandbox sandbox, Sandbox.Policy policy) {
        return new ServerLaunch(name, argv, cwd, env, framing, sandbox, policy);
    }

    public static ServerLaunch fromManifest(
            Workspace workspace, McpManifest manifest, Map<String, String> parentEnv) {
        List<String> argv = new ArrayList<>();
        argv.add(manifest.command());
        argv.addAll(manifest.args());
        Path cwd = workspace.resolveConfined(manifest.cwd(), "cwd of server " + manifest.name());
        return new ServerLaunch(
                manifest.name(),
                argv,
                cwd,
                ChildEnvironment.of(parentEnv, manifest.env()),
                Framing.parse(manifest.framing()));
    }

    /**
     * Starts the server with piped stdio; a command that cannot be found is a clear error (exit 3).
     */
    public ProcessGroup start() {
        if (!Files.isDirectory(cwd)) {
            throw HarnessGymException.badInput(
                    "server " + name + ": cwd " + cwd + " is not a directory");
        }
        String command = argv.get(0);
        if (resolveCommand(command)
                == null) { // checked outside the sandbox: the same file system, read-only
            throw HarnessGymException.badInput(
                    "server "
                            + name
                            + ": command '"
                            + command
                            + "' not found"
                            + (command.contains("/") ? " (relative to " + cwd + ")" : " on PATH"));
        }
        try {
            List<String> launched = policy == null ? argv : sandbox.wrap(argv, cwd, policy);
            return ProcessGroup.start(launched, cwd, env);
        } catch (IOException e) {
            throw HarnessGymException.badInput(
                    "server " + name + ": cannot start '" + command + "': " + e.getMessage(), e);
        }
    }

    /**
     * Where the command is: a path (relative to the cwd) when it has a slash, else a PATH lookup.
     */
    Path resolveCommand(String command) {
        if (command.contains("/")) {
            Path path = cwd.resolve(command);
            return Files.isExecutable(path) && !Files.isDirectory(path) ? path : null;
        }
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir).resolve(command);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
