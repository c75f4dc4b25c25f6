package io.harnessgym.mcp.proxy;

import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.registry.McpManifest;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start a server through the telemetry proxy (for agent CLIs, the runtime helper and {@code
 * harnessgym mcp call} alike): the launcher beside this jar ({@code <home>/bin/harnessgym}, which
 * keeps the proxy's start-up flags), or, without one, this Java with this class path. The workspace
 * and manifest are passed explicitly, never derived from cwd.
 */
public record ProxyLauncher(String command, List<String> prefixArgs) {

    public ProxyLauncher {
        prefixArgs = List.copyOf(prefixArgs);
    }

    /** The launcher of the running installation. */
    public static ProxyLauncher current() {
        Path codeSource = codeSource();
        if (codeSource != null && codeSource.toString().endsWith(".jar")) {
            Path launcher = codeSource.getParent().resolveSibling("bin").resolve("harnessgym");
            if (Files.isExecutable(launcher)) {
                return new ProxyLauncher(launcher.toString(), List.of());
            }
        }
        List<String> prefix = new ArrayList<>();
        prefix.add("-cp");
        List<String> entries = new ArrayList<>();
        for (String entry :
                System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        prefix.add(String.join(java.io.File.pathSeparator, entries));
        prefix.add("io.harnessgym.Main");
        return new ProxyLauncher(ProcessHandle.current().info().command().orElse("java"), prefix);
    }

    /**
     * The proxy's arguments for one server (after {@link #command()}). The workspace and the state
     * directory are explicit, so neither the server's cwd nor an environment variable can move the
     * call log. With {@code expectDigest} (what activation writes into agent configs) the proxy
     * refuses to run the server once its files no longer have that digest.
     */
    public List<String> args(
            Workspace workspace,
            StateDir state,
            String manifestPath,
            McpManifest manifest,
            String framing,
            String expectDigest) {
        List<String> args = new ArrayList<>(prefixArgs);
        args.addAll(
                List.of(
                        "mcp",
                        "proxy",
                        "--workspace",
                        workspace.root().toString(),
                        "--state-dir",
                        state.root().toString(),
                        "--manifest",
                        manifestPath,
                        "--server",
                        manifest.name()));
        if (expectDigest != null) {
            args.addAll(List.of("--expect-digest", expectDigest));
        }
        if (framing != null && Framing.parse(framing) != null) {
            args.addAll(List.of("--framing", framing));
        }
        return args;
    }

    private static Path codeSource() {
        try {
            var source = ProxyLauncher.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
