package io.harnessgym.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs the Python test MCP server (src/test/resources/mcp/test_server.py) into a workspace
 * bundle.
 */
public final class McpTestServers {
    public static final Path SCRIPT =
            Path.of("src/test/resources/mcp/test_server.py").toAbsolutePath();

    private McpTestServers() {}

    /**
     * Writes {@code .harnessgym/mcp/<name>/} with the server script and an {@code mcp.json} that
     * runs it in the given framing; {@code manifestFraming} is the manifest's own {@code framing}
     * key (null: none).
     */
    public static Path install(
            Path workspace,
            String name,
            String framing,
            String manifestFraming,
            String... extraArgs) {
        try {
            Path dir = Files.createDirectories(workspace.resolve(".harnessgym/mcp/" + name));
            Files.copy(SCRIPT, dir.resolve("test_server.py"), StandardCopyOption.REPLACE_EXISTING);
            List<String> args = new ArrayList<>(List.of("test_server.py", "--framing", framing));
            args.addAll(List.of(extraArgs));
            StringBuilder json =
                    new StringBuilder(
                            "{\"name\": \"" + name + "\", \"command\": \"python3\", \"args\": [");
            for (int i = 0; i < args.size(); i++) {
                json.append(i == 0 ? "" : ", ")
                        .append('"')
                        .append(args.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
            }
            json.append("], \"cwd\": \".harnessgym/mcp/")
                    .append(name)
                    .append("\", \"self_test\": true, ")
                    .append("\"timeouts\": {\"initialize_ms\": 10000, \"tool_seconds\": 30}");
            if (manifestFraming != null) {
                json.append(", \"framing\": \"").append(manifestFraming).append('"');
            }
            json.append('}');
            return Files2.write(dir.resolve("mcp.json"), json.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The command that runs harnessgym's Main from the test class path (the real proxy entry). */
    public static List<String> harnessgymCommand() {
        List<String> entries = new ArrayList<>();
        for (String entry :
                System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            entries.add(Path.of(entry).toAbsolutePath().toString());
        }
        return new ArrayList<>(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-cp",
                        String.join(java.io.File.pathSeparator, entries),
                        "io.harnessgym.Main"));
    }
}
