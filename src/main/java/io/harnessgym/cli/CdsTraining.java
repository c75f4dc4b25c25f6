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
 * The workload the launcher runs once, while the JVM dumps its class-data archive, so that the
 * archive holds the classes real commands load (Jackson, YAML, the registry) rather than only
 * those of whatever command happened to run first. It touches nothing but a temp directory.
 */
public final class CdsTraining {
    public static final String FLAG = "--cds-training";

    private CdsTraining() {}

    public static int run() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("harnessgym-cds-");
            Path bundle = dir.resolve(".harnessgym");
            Files.createDirectories(bundle.resolve("skills/demo"));
            Files.createDirectories(bundle.resolve("mcp/demo"));
            Files.createDirectories(bundle.resolve("tools"));
            Files.writeString(bundle.resolve("skills/demo/SKILL.md"), "---\nname: demo\ndescription: d\n---\n");
            Files.writeString(bundle.resolve("mcp/demo/mcp.json"),
                    "{\"command\":\"demo\",\"self_test\":{\"command\":\"demo --check\"},\"timeouts\":{\"tool_ms\":5}}");
            Files.writeString(bundle.resolve("tools/demo.sh"), "echo demo\n");
            PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, "UTF-8");
            String ws = dir.toString();
            Cli.run(new String[] {"registry", "list", "--workspace", ws}, sink, sink);
            Cli.run(new String[] {"registry", "sync", "--workspace", ws, "--json"}, sink, sink);
            Cli.run(new String[] {"registry", "show", "mcp:.harnessgym/mcp/demo/mcp.json", "--workspace", ws, "--json"},
                    sink, sink);
            Cli.run(new String[] {"registry", "show", "missing", "--workspace", ws}, sink, sink);
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
        }
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
