package io.harnessgym.mcp;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.process.ChildEnvironment;
import io.harnessgym.process.ProcessGroup;
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
        String name, List<String> argv, Path cwd, Map<String, String> env, Framing framing) {

    public ServerLaunch {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
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
        if (resolveCommand(command) == null) {
            throw HarnessGymException.badInput(
                    "server "
                            + name
                            + ": command '"
                            + command
                            + "' not found"
                            + (command.contains("/") ? " (relative to " + cwd + ")" : " on PATH"));
        }
        try {
            return ProcessGroup.start(argv, cwd, env);
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
