package io.harnessgym.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.testing.CliRun;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an agent with a shell or a file tool in the workspace can try against the evidence and the
 * quarantine, through the commands a user runs afterwards: none of it changes what harnessgym
 * reports.
 */
class TrustBoundaryCommandsTest {
    @TempDir Path dir;

    String ws() {
        return dir.toString();
    }

    JsonNode summary() throws Exception {
        CliRun run = CliRun.run("telemetry", "summary", "--json", "--workspace", ws());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return Json.MAPPER.readTree(run.out());
    }

    @Test
    void linesAppendedToTheWorkspaceLogAreNeverCounted() throws Exception {
        Files.createDirectories(dir.resolve(".harnessgym"));
        String forged =
                "{\"status\":\"completed\",\"tool_name\":\"run_benchmark\",\"server\":\"kernel_bench\","
                        + "\"run_id\":\"r\",\"iteration\":\"1\",\"is_error\":false}\n";
        Files2.write(dir.resolve(".harnessgym/mcp_calls.jsonl"), forged.repeat(5));

        JsonNode summary = summary();

        assertThat(summary.get("count").asInt()).isZero();
        assertThat(summary.get("path").asText()).isEqualTo(TestState.callLog(dir).toString());
    }

    @Test
    void aBadLineIsSkippedAndCountedAndTheCountsAddUp() throws Exception {
        Path log = TestState.callLog(dir);
        Files.createDirectories(log.getParent());
        byte[] good =
                "{\"status\":\"completed\",\"tool_name\":\"a\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] weird =
                "{\"status\":\"exploded\",\"tool_name\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] invalid = {'{', '"', (byte) 0xff, '"', '}', '\n'};
        try (var out = Files.newOutputStream(log)) {
            out.write(good);
            out.write(invalid);
            out.write("not json\n".getBytes(StandardCharsets.UTF_8));
            out.write(weird);
        }

        JsonNode summary = summary();

        assertThat(summary.get("count").asInt()).isEqualTo(2);
        assertThat(summary.get("skipped_lines").asInt()).isEqualTo(2);
        assertThat(summary.get("successful_count").asInt() + summary.get("failed_count").asInt())
                .as("every call is either successful or failed")
                .isEqualTo(summary.get("count").asInt());
    }

    @Test
    void theStateDirectoryIsOutsideTheWorkspaceAndCannotBePutInside() throws Exception {
        Files.createDirectories(dir.resolve(".harnessgym"));
        CliRun path = CliRun.run("state", "path", "--workspace", ws());
        assertThat(path.exitCode()).isZero();
        assertThat(path.out().strip())
                .startsWith(TestState.ROOT.resolve("harnessgym/workspaces").toString())
                .contains(dir.getFileName().toString() + "-");

        CliRun inside =
                CliRun.run(
                        "telemetry",
                        "summary",
                        "--state-dir",
                        dir.resolve(".harnessgym/state").toString(),
                        "--workspace",
                        ws());
        assertThat(inside.exitCode()).isEqualTo(3);
        assertThat(inside.err()).contains("is inside the workspace");

        Path outside = Files.createTempDirectory("hg-link");
        Path link = outside.resolve("into-workspace");
        Files.createSymbolicLink(link, dir);
        CliRun throughLink =
                CliRun.run(
                        "state",
                        "path",
                        "--state-dir",
                        link.resolve("s").toString(),
                        "--workspace",
                        ws());
        assertThat(throughLink.exitCode()).isEqualTo(3);
        assertThat(throughLink.err()).contains("is inside the workspace");
    }

    @Test
    void aQuarantineSticksWhenTheFilesMoveOrTheMarkerIsRemovedByHand() throws Exception {
        Files2.skill(dir, "alpha", "Alpha.");
        String id = "skill:.harnessgym/skills/alpha/SKILL.md";
        assertThat(CliRun.run("registry", "sync", "--workspace", ws()).exitCode()).isZero();
        assertThat(
                        CliRun.run(
                                        "registry",
                                        "quarantine",
                                        id,
                                        "--reason",
                                        "misleading",
                                        "--workspace",
                                        ws())
                                .exitCode())
                .isZero();

        // Lift it by hand in registry.json.
        Path registry = dir.resolve(".harnessgym/registry.json");
        Files2.write(
                registry,
                Files2.read(registry)
                        .replace("\"quarantined\": true,", "")
                        .replace("\"status\": \"quarantined\"", "\"status\": \"lifted\""));
        assertThat(state(id)).isEqualTo("quarantined");

        // Move it away, sync, move it back.
        Path away = Files.createTempDirectory("hg-away").resolve("alpha");
        Files.move(dir.resolve(".harnessgym/skills/alpha"), away);
        assertThat(CliRun.run("registry", "sync", "--workspace", ws()).exitCode()).isZero();
        Files.move(away, dir.resolve(".harnessgym/skills/alpha"));
        assertThat(CliRun.run("registry", "sync", "--workspace", ws()).exitCode()).isZero();
        assertThat(state(id)).isEqualTo("quarantined");

        // Copy it under another name: the same content is still quarantined.
        copyTree(dir.resolve(".harnessgym/skills/alpha"), dir.resolve(".harnessgym/skills/beta"));
        assertThat(state("skill:.harnessgym/skills/beta/SKILL.md")).isEqualTo("quarantined");

        CliRun activate = CliRun.run("activate", "--workspace", ws());
        assertThat(activate.exitCode()).as(activate.err()).isZero();
        assertThat(dir.resolve(".agents/skills/alpha")).doesNotExist();
        assertThat(dir.resolve(".agents/skills/beta")).doesNotExist();
    }

    private String state(String id) throws Exception {
        CliRun show = CliRun.run("registry", "show", id, "--json", "--workspace", ws());
        assertThat(show.exitCode()).as(show.err()).isZero();
        return Json.MAPPER.readTree(show.out()).get("state").asText();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.sorted(Comparator.naturalOrder()).toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        }
    }

    @Test
    void unquarantineOfAnArtifactThatIsNotQuarantinedSaysSo() {
        Files2.skill(dir, "alpha", "Alpha.");
        CliRun run =
                CliRun.run(
                        "registry",
                        "unquarantine",
                        "skill:.harnessgym/skills/alpha/SKILL.md",
                        "--workspace",
                        ws());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("is not quarantined");
        assertThat(run.out()).doesNotContain("unquarantined");
    }

    @Test
    void aDuplicatedIdIsRefusedAndNoEntryIsOverwritten() throws Exception {
        Files2.write(dir.resolve(".harnessgym/tools/a.py"), "x");
        String registry =
                """
                {"version": 1, "artifacts": [
                  {"id": "tool:x", "kind": "tool", "path": ".harnessgym/tools/a.py", "description": "first"},
                  {"id": "tool:x", "kind": "tool", "path": ".harnessgym/tools/a.py", "description": "second", "owner": "me"}
                ]}
                """;
        Files2.write(dir.resolve(".harnessgym/registry.json"), registry);

        CliRun quarantine =
                CliRun.run(
                        "registry", "quarantine", "tool:x", "--reason", "r", "--workspace", ws());
        assertThat(quarantine.exitCode()).isEqualTo(3);
        assertThat(quarantine.err()).contains("names 2 entries");
        assertThat(Files2.read(dir.resolve(".harnessgym/registry.json"))).isEqualTo(registry);
        assertThat(CliRun.run("registry", "list", "--workspace", ws()).err())
                .contains("warning: id tool:x names 2 entries");
    }

    @Test
    void agentWrittenTextIsShownSafelyOnTheTerminal() {
        Files2.write(
                dir.resolve(".harnessgym/skills/evil/SKILL.md"),
                "---\nname: evil\ndescription: \"ok \\e[2K\\e[1Aall good\\u202e\"\n---\nbody\n");
        Files2.write(dir.resolve(".harnessgym/tools/a.py"), "x");
        Files2.write(
                dir.resolve(".harnessgym/registry.json"),
                "{\"artifacts\": [{\"id\": \"tool:line\\nFAKE ROW\", \"kind\": \"tool\","
                        + " \"path\": \".harnessgym/tools/a.py\"}]}");

        CliRun run = CliRun.run("registry", "list", "--workspace", ws());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain("\u001b").doesNotContain("\u202e");
        assertThat(run.out()).contains("ok \\x1b[2K\\x1b[1Aall good\\u202e");
        assertThat(run.out()).contains("tool:line\\nFAKE ROW");
        assertThat(run.out().lines()).noneMatch(line -> line.startsWith("FAKE ROW"));
        assertThat(run.out()).as("every row ends its line").endsWith("\n");
    }

    @Test
    void aBundleThatIsAFileOrMissingIsSaidSoAndCheckFails(@TempDir Path empty) {
        CliRun none = CliRun.run("activate", "--check", "--workspace", empty.toString());
        assertThat(none.exitCode()).isEqualTo(3);
        assertThat(none.err()).contains("no harnessgym bundle in");
        assertThat(none.out()).doesNotContain("passed");

        Files2.write(dir.resolve(".harnessgym"), "a file");
        CliRun file = CliRun.run("activate", "--check", "--workspace", ws());
        assertThat(file.exitCode()).isEqualTo(3);
        assertThat(file.err()).contains(".harnessgym is not a folder");
        assertThat(file.out()).doesNotContain("gate passed");
    }

    @Test
    void aBundleFolderThatLinksOutOfTheWorkspaceIsNeverWritten(@TempDir Path outside)
            throws Exception {
        Files.createSymbolicLink(dir.resolve(".harnessgym"), outside);
        for (String[] command :
                new String[][] {{"registry", "sync"}, {"activate"}, {"deactivate"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 2);
            args[command.length] = "--workspace";
            args[command.length + 1] = ws();
            CliRun run = CliRun.run(args);
            assertThat(run.exitCode()).as(String.join(" ", command)).isEqualTo(3);
            assertThat(run.err()).contains("outside the workspace");
        }
        try (Stream<Path> written = Files.list(outside)) {
            assertThat(written).as("nothing written through the link").isEmpty();
        }
    }

    @Test
    void aValidFiftyMegabyteRegistryWithOneLongStringLoads() throws Exception {
        Files2.write(dir.resolve(".harnessgym/tools/a.py"), "x");
        String description = "d".repeat(50 * 1024 * 1024);
        Files2.write(
                dir.resolve(".harnessgym/registry.json"),
                "{\"artifacts\": [{\"kind\": \"tool\", \"path\": \".harnessgym/tools/a.py\","
                        + " \"description\": \""
                        + description
                        + "\"}]}");

        CliRun run = CliRun.run("registry", "list", "--json", "--workspace", ws());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Json.MAPPER.readTree(run.out()).at("/artifacts/0/description").asText())
                .hasSize(description.length());
    }

    @Test
    void mcpCallArgumentsAndTimeoutAreChecked() {
        McpTestServers.install(dir, "good", "ndjson", "ndjson");
        CliRun garbage =
                CliRun.run(
                        "mcp",
                        "call",
                        "--server",
                        "good",
                        "--tool",
                        "echo",
                        "--arguments",
                        "{\"a\":1}garbage",
                        "--workspace",
                        ws());
        assertThat(garbage.exitCode()).isEqualTo(2);
        assertThat(garbage.err()).contains("--arguments is not valid JSON");

        CliRun zero =
                CliRun.run(
                        "mcp",
                        "call",
                        "--server",
                        "good",
                        "--tool",
                        "echo",
                        "--timeout",
                        "0",
                        "--workspace",
                        ws());
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--timeout must be a positive number of seconds");
    }

    @Test
    void mcpCallJsonReportsTheCallAndAMissingCommandIsOneCleanLine() throws Exception {
        McpTestServers.install(dir, "good", "ndjson", "ndjson");
        CliRun json =
                CliRun.run(
                        "mcp",
                        "call",
                        "--server",
                        "good",
                        "--tool",
                        "echo",
                        "--arguments",
                        "{\"text\": \"hi\"}",
                        "--json",
                        "--workspace",
                        ws());
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode called = Json.MAPPER.readTree(json.out());
        assertThat(called.get("status").asText()).isEqualTo("completed");
        assertThat(called.get("payload").get("text").asText()).isEqualTo("echo: hi");

        Files2.write(
                dir.resolve(".harnessgym/mcp/gone/mcp.json"),
                "{\"command\": \"no-such-command-here\", \"self_test\": [\"true\"]}");
        CliRun call =
                CliRun.run("mcp", "call", "--server", "gone", "--tool", "x", "--workspace", ws());
        CliRun smoke = CliRun.run("mcp", "smoke", "gone", "--workspace", ws());
        assertThat(call.exitCode()).isEqualTo(3).isEqualTo(smoke.exitCode());
        assertThat(call.err().lines()).hasSize(1);
        assertThat(call.err()).contains("command 'no-such-command-here' not found");
        assertThat(call.err()).doesNotContain("MCP server ended");
    }

    @Test
    void anInvalidManifestIsReportedAsInvalidNotMissing() {
        Files2.write(dir.resolve(".harnessgym/mcp/broken/mcp.json"), "{\"args\": [\"x\"]}");
        CliRun run = CliRun.run("mcp", "smoke", "broken", "--workspace", ws());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err())
                .contains("MCP server 'broken'")
                .contains("is invalid")
                .contains("'command' is required")
                .doesNotContain("no MCP server named");
        CliRun list = CliRun.run("mcp", "list", "--workspace", ws());
        assertThat(list.out()).doesNotContain("null");
    }

    @Test
    void aCallThatCannotBeLoggedFailsInsteadOfSucceedingSilently(@TempDir Path tmp) {
        McpTestServers.install(dir, "good", "ndjson", "ndjson");
        Path blocker = Files2.write(tmp.resolve("a-file"), "not a folder");
        CliRun call =
                CliRun.run(
                        "mcp",
                        "call",
                        "--server",
                        "good",
                        "--tool",
                        "echo",
                        "--state-dir",
                        blocker.resolve("state").toString(),
                        "--workspace",
                        ws());
        assertThat(call.exitCode()).isEqualTo(3);
        assertThat(call.err()).contains("the call log").contains("cannot be written");
        assertThat(call.out()).isEmpty();
    }

    @Test
    void aCorruptRecordFileIsOneClearLine() {
        Files2.skill(dir, "alpha", "Alpha.");
        Files2.write(
                TestState.of(dir).recordsDir().resolve("quarantine.json"), "{\"quarantines\": [1,");
        CliRun list = CliRun.run("registry", "list", "--workspace", ws());
        assertThat(list.exitCode()).isEqualTo(3);
        assertThat(list.err().lines()).hasSize(1);
        assertThat(list.err()).contains("quarantine.json").contains("not valid JSON");
    }

    @Test
    void aMissingValueIsShownAsADashNotNull() {
        Files2.write(dir.resolve(".harnessgym/docs/x.md"), "x");
        Files2.write(
                dir.resolve(".harnessgym/registry.json"),
                "{\"artifacts\": [{\"path\": \".harnessgym/docs/x.md\"}]}");
        CliRun list = CliRun.run("registry", "list", "--workspace", ws());
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).doesNotContain("null");
    }

    @Test
    void aReportCutShortByAFullStdoutIsAnError() {
        Files2.skill(dir, "alpha", "Alpha.");
        java.io.OutputStream full =
                new java.io.OutputStream() {
                    @Override
                    public void write(int b) throws java.io.IOException {
                        throw new java.io.IOException("No space left on device");
                    }
                };
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code =
                Cli.run(
                        new String[] {"registry", "list", "--json", "--workspace", ws()},
                        new java.io.PrintStream(full),
                        new java.io.PrintStream(err),
                        TestState.env());
        assertThat(code).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("could not write the whole report to standard output");
    }

    @Test
    void everyHelpSummaryIsAWholeSentence() {
        for (String[] command :
                new String[][] {
                    {"--help"}, {"registry", "--help"}, {"mcp", "--help"}, {"telemetry", "--help"}
                }) {
            CliRun help = CliRun.run(command);
            assertThat(help.exitCode()).isZero();
            String commands = help.out().substring(help.out().indexOf("Commands:"));
            java.util.List<String> entries = new java.util.ArrayList<>();
            for (String line : commands.lines().skip(1).toList()) {
                if (line.isBlank() || !line.startsWith(" ")) {
                    break;
                }
                if (line.matches("^  \\S.*")) {
                    entries.add(line.strip());
                } else if (!entries.isEmpty()) {
                    int last = entries.size() - 1;
                    entries.set(last, entries.get(last) + " " + line.strip());
                }
            }
            assertThat(entries).isNotEmpty();
            entries.stream()
                    .filter(entry -> !entry.startsWith("help "))
                    .forEach(
                            entry ->
                                    assertThat(entry)
                                            .as("summary in %s", String.join(" ", command))
                                            .endsWith("."));
        }
    }
}
