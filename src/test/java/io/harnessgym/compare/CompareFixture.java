package io.harnessgym.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.testing.CliRun;
import io.harnessgym.testing.Files2;
import io.harnessgym.workspace.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A compare's world for the tests: a source workspace whose bundle a real scripted run built (an
 * MCP server {@code fixer} with tool {@code fix}, qualified), and target workspaces with a task
 * whose check passes when {@code answer.txt} holds 42.
 */
final class CompareFixture {
    static final String CHECK =
            "if grep -q BROKEN answer.txt 2>/dev/null; then exit 2; fi\n"
                    + "if grep -q 42 answer.txt 2>/dev/null; then echo '{\"status\":\"passed\"}';"
                    + " else echo '{\"status\":\"failed\"}'; fi\n";
    static final String TASK =
            "---\nverify: sh check.sh\n---\n# Answer\n\nWrite the answer to answer.txt.\n";

    /** Calls the tool; writes the answer only when the call worked (the harness helps). */
    static final String HELPS =
            """
            {"phases": {"attempt": [
              {"do": "call_tool", "server": "fixer", "tool": "fix"},
              {"do": "write", "path": "answer.txt", "content": "42\\n", "when": "last_ok"},
              {"do": "run", "argv": ["sh", "-c", "echo \\"$CODEX_HOME $CLAUDE_CONFIG_DIR\\" > homes.txt"]},
              {"do": "attack", "paths": ["${WORKSPACE}/../trial.json", "${WORKSPACE}/../../../../compare_plan.json",
                 "${WORKSPACE}/../state/runs/x"]}
            ]}}
            """;

    /** Calls the tool, answers either way (the harness does nothing). */
    static final String NOTHING =
            """
            {"phases": {"attempt": [
              {"do": "call_tool", "server": "fixer", "tool": "fix"},
              {"do": "write", "path": "answer.txt", "content": "42\\n"}
            ]}}
            """;

    /** Answers only when the tool call failed (the harness hurts). */
    static final String HURTS =
            """
            {"phases": {"attempt": [
              {"do": "call_tool", "server": "fixer", "tool": "fix"},
              {"do": "write", "path": "answer.txt", "content": "42\\n", "when": "last_failed"}
            ]}}
            """;

    /** With the tool, writes what breaks the check (it exits 2 with no verdict); else answers. */
    static final String BREAKS_CHECK =
            """
            {"phases": {"attempt": [
              {"do": "call_tool", "server": "fixer", "tool": "fix"},
              {"do": "write", "path": "answer.txt", "content": "BROKEN\\n", "when": "last_ok"},
              {"do": "write", "path": "answer.txt", "content": "42\\n", "when": "last_failed"}
            ]}}
            """;

    /** Never calls the tool. */
    static final String IGNORES_HARNESS =
            """
            {"phases": {"attempt": [{"do": "write", "path": "answer.txt", "content": "42\\n"}]}}
            """;

    final Path root;
    final Path source;

    CompareFixture(Path root) {
        this.root = root;
        this.source = root.resolve("source");
        Files2.write(source.resolve("README"), "the tool source\n");
        Path build =
                Files2.write(
                        root.resolve("build.json"),
                        """
                        {"phases": {
                          "attempt": [{"do": "result", "fields": {"status": "incomplete"}}],
                          "reflect": [{"do": "result", "fields": {"reflection": {"selected_improvement": {"name": "fixer"}}}}],
                          "build": [{"do": "mcp_server", "name": "fixer", "tool": "fix", "reply": "the answer is 42"}]}}
                        """);
        CliRun run =
                CliRun.run(
                        "run",
                        "--workspace",
                        source.toString(),
                        "--runner",
                        "scripted",
                        "--script",
                        build.toString(),
                        "--task-text",
                        "Build a fixer tool.",
                        "--iterations",
                        "1",
                        "--run-id",
                        "build",
                        "--post-attempt-command",
                        "echo '{\"status\":\"failed\"}'");
        assertThat(source.resolve(".harnessgym/mcp/fixer/mcp.json"))
                .as(run.err() + run.out())
                .exists();
    }

    /** A new target workspace holding the task and its check. */
    Path target(String name) {
        Path ws = root.resolve(name);
        Files2.write(ws.resolve("task.md"), TASK);
        Files2.write(ws.resolve("check.sh"), CHECK);
        return ws;
    }

    Path script(String name, String text) {
        return Files2.write(root.resolve(name + ".json"), text);
    }

    /** {@code compare} in {@code ws} with the source's bundle and these extra arguments. */
    CliRun compare(Path ws, Path script, String... extra) {
        return compare(io.harnessgym.testing.TestState.env(), ws, script, extra);
    }

    /** The same with {@code env} as the CLI's environment. */
    CliRun compare(java.util.Map<String, String> env, Path ws, Path script, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "compare",
                                "--workspace",
                                ws.toString(),
                                "--task",
                                "task.md",
                                "--artifact-source",
                                source.toString(),
                                "--trust-bundle",
                                "--runner",
                                "scripted",
                                "--script",
                                script.toString(),
                                "--json"));
        args.addAll(List.of(extra));
        return CliRun.run(env, args.toArray(String[]::new));
    }

    static JsonNode json(CliRun run) {
        assertThat(run.out()).as(run.err()).startsWith("{");
        try {
            return Json.MAPPER.readTree(run.out());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
