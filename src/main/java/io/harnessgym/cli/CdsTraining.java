package io.harnessgym.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The workload the launcher runs once per build, while the JVM records the classes it loads for the
 * class-data archive, so that the archive holds the classes real commands load (Jackson, YAML, the
 * registry, the proxy) rather than only those of whatever command happened to run first. It touches
 * nothing but a temp directory.
 */
public final class CdsTraining {
    public static final String FLAG = "--cds-training";

    private CdsTraining() {}

    public static int run() {
        Path dir = null;
        Path state = null;
        try {
            dir = Files.createTempDirectory("harnessgym-cds-");
            // The private state lives outside the (throw-away) workspace, as it must.
            state = Files.createTempDirectory("harnessgym-cds-state-");
            java.util.Map<String, String> env =
                    java.util.Map.of(
                            "PATH", "/usr/bin:/bin", "HARNESSGYM_STATE_DIR", state.toString());
            Path bundle = dir.resolve(".harnessgym");
            Files.createDirectories(bundle.resolve("skills/demo"));
            Files.createDirectories(bundle.resolve("mcp/demo"));
            Files.createDirectories(bundle.resolve("tools"));
            Files.writeString(
                    bundle.resolve("skills/demo/SKILL.md"),
                    "---\nname: demo\ndescription: d\n---\n");
            // Quoted and nested front matter, which only the YAML parser reads, so that its classes
            // are archived too.
            Files.createDirectories(bundle.resolve("skills/yaml"));
            Files.writeString(
                    bundle.resolve("skills/yaml/SKILL.md"),
                    "---\nname: yaml\ndescription: \"Quoted: yes\"\nmetadata:\n  k: v\n---\n");
            Files.writeString(
                    bundle.resolve("mcp/demo/mcp.json"),
                    "{\"command\":\"demo\",\"self_test\":{\"command\":\"demo --check\"},\"timeouts\":{\"tool_ms\":5}}");
            Files.writeString(bundle.resolve("tools/demo.sh"), "echo demo\n");
            PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, "UTF-8");
            String ws = dir.toString();
            Cli.run(new String[] {"registry", "list", "--workspace", ws}, sink, sink, env);
            Cli.run(
                    new String[] {"registry", "sync", "--workspace", ws, "--json"},
                    sink,
                    sink,
                    env);
            Cli.run(
                    new String[] {
                        "registry",
                        "show",
                        "mcp:.harnessgym/mcp/demo/mcp.json",
                        "--workspace",
                        ws,
                        "--json"
                    },
                    sink,
                    sink,
                    env);
            Cli.run(
                    new String[] {"registry", "show", "missing", "--workspace", ws},
                    sink,
                    sink,
                    env);
            trainSnapshots(dir, env, sink);
            trainProxy(dir, state, sink);
            trainAdmission(dir, state);
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
            deleteTree(state);
        }
    }

    /**
     * The snapshot store (JGit, the pack path, restore and diff): what {@code run}, {@code qualify}
     * and {@code compare} start with. Enough files for a pack ({@code PACK_FROM}).
     */
    private static void trainSnapshots(
            Path dir, java.util.Map<String, String> env, PrintStream sink) throws IOException {
        Path files = Files.createDirectories(dir.resolve("src"));
        for (int i = 0; i < 300; i++) {
            Files.writeString(files.resolve("f" + i + ".txt"), "file " + i + "\n");
        }
        String ws = dir.toString();
        java.io.ByteArrayOutputStream id = new java.io.ByteArrayOutputStream();
        PrintStream out = new PrintStream(id, true, "UTF-8");
        Cli.run(new String[] {"snapshot", "create", "--workspace", ws}, out, sink, env);
        String first = id.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        Files.writeString(files.resolve("f0.txt"), "changed\n");
        Cli.run(new String[] {"snapshot", "create", "--workspace", ws}, sink, sink, env);
        Cli.run(new String[] {"snapshot", "list", "--workspace", ws}, sink, sink, env);
        if (first.matches("[0-9a-f]{40}")) {
            Cli.run(new String[] {"snapshot", "diff", "--workspace", ws, first}, sink, sink, env);
            Cli.run(
                    new String[] {"snapshot", "restore", "--workspace", ws, "--json", first},
                    sink,
                    sink,
                    env);
        }
    }

    /**
     * What the proxy reads before it starts a bundle server: its digest and the private records.
     */
    private static void trainAdmission(Path dir, Path state) {
        io.harnessgym.workspace.StateDir stateDir = new io.harnessgym.workspace.StateDir(state);
        String digest =
                io.harnessgym.registry.ContentDigest.of(dir, dir.resolve(".harnessgym/mcp/demo"));
        io.harnessgym.registry.TrustRecords.NONE
                .withQuarantine(
                        new io.harnessgym.registry.QuarantineRecord(
                                "mcp:x", digest, "training", "manual", null, "now"))
                .save(stateDir);
        io.harnessgym.registry.TrustRecords.load(stateDir).quarantineOf("mcp:y", digest);
    }

    /**
     * The proxy path, with {@code cat} standing in for a server: it echoes each request back, which
     * the proxy routes to the client as a server request. Reading, peeking, routing, writing and
     * the call log all run; the client's end of input ends the session.
     */
    private static void trainProxy(Path dir, Path state, PrintStream sink) {
        String requests =
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"cds\",\"version\":\"1\"}}}\n"
                        + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"arguments\":{\"a\":1}}}\n"
                        + "[1]\nnot json\n";
        java.io.ByteArrayInputStream in =
                new java.io.ByteArrayInputStream(
                        requests.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        io.harnessgym.mcp.proxy.ProxyMain.run(
                new String[] {
                    "--workspace",
                    dir.toString(),
                    "--state-dir",
                    state.toString(),
                    "--server",
                    "cds",
                    "--framing",
                    "ndjson",
                    "--",
                    "cat"
                },
                in,
                OutputStream.nullOutputStream(),
                sink,
                java.util.Map.of("PATH", "/usr/bin:/bin"));
        io.harnessgym.mcp.telemetry.TelemetrySummary.read(
                state.resolve("mcp_calls.jsonl"), null, null);
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temp directory left behind is harmless.
        }
    }
}
