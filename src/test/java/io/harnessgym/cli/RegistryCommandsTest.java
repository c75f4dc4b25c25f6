package io.harnessgym.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.testing.CliRun;
import io.harnessgym.testing.Files2;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import io.harnessgym.workspace.WorkspaceLock;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCommandsTest {
    @TempDir Path dir;

    String ws;

    @BeforeEach
    void setUp() {
        Files2.copyPythonBundle(dir);
        ws = dir.toString();
    }

    @Test
    void listShowsATableAndHidesQuarantinedUnlessAll() {
        CliRun run = CliRun.run("registry", "list", "--workspace", ws);

        assertThat(run.exitCode()).isZero();
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("ID").contains("KIND", "STATE", "DIGEST", "DESCRIPTION");
        assertThat(run.out())
                .contains("skill:.harnessgym/skills/triton-profiling/SKILL.md")
                .contains("unqualified")
                .doesNotContain("check_rmsnorm");
        assertThat(run.err())
                .contains("8 artifacts: 0 active, 6 unqualified, 0 invalid, 2 quarantined")
                .contains("add --all")
                .contains("run 'harnessgym registry sync'");

        CliRun all = CliRun.run("--workspace", ws, "registry", "list", "--all");
        assertThat(all.out())
                .contains("verifier:.harnessgym/verifiers/check_rmsnorm.py")
                .contains("quarantined");
    }

    @Test
    void listJsonAndKindFilter() throws Exception {
        CliRun run = CliRun.run("registry", "list", "--workspace", ws, "--json", "--kind", "mcp");

        assertThat(run.exitCode()).isZero();
        JsonNode json = Json.MAPPER.readTree(run.out());
        assertThat(json.get("in_sync").asBoolean()).isFalse();
        assertThat(json.at("/pending/added/0").asText())
                .isEqualTo("test:.harnessgym/tests/test_kernel.py");
        assertThat(json.at("/counts/quarantined").asInt()).isEqualTo(2);
        assertThat(json.get("artifacts")).hasSize(1);
        JsonNode mcp = json.get("artifacts").get(0);
        assertThat(mcp.get("id").asText())
                .isEqualTo("mcp:.harnessgym/mcp/kernel_bench/harnessgym-mcp.json");
        assertThat(mcp.get("state").asText()).isEqualTo("unqualified");
        assertThat(mcp.get("digest").asText()).startsWith("sha256:");
        assertThat(mcp.get("problems")).isEmpty();
    }

    @Test
    void listDoesNotWriteTheRegistry() {
        String before = Files2.read(dir.resolve(".harnessgym/registry.json"));

        CliRun.run("registry", "list", "--workspace", ws);

        assertThat(Files2.read(dir.resolve(".harnessgym/registry.json"))).isEqualTo(before);
    }

    @Test
    void showPrintsTheNormalisedManifestAndJson() throws Exception {
        String id = "mcp:.harnessgym/mcp/kernel_bench/harnessgym-mcp.json";
        CliRun text = CliRun.run("registry", "show", id, "--workspace", ws);
        assertThat(text.exitCode()).isZero();
        assertThat(text.out())
                .contains("server:      kernel_bench")
                .contains("timeouts:    startup 15s, tool 120s, self-test 45s")
                .contains(
                        "self-test:   python3 server.py --self-test (cwd .harnessgym/mcp/kernel_bench)");

        JsonNode json =
                Json.MAPPER.readTree(
                        CliRun.run("registry", "show", id, "--workspace", ws, "--json").out());
        assertThat(json.at("/mcp/tool_timeout_sec").asInt())
                .as("one naming policy: snake_case, as the Python formats")
                .isEqualTo(120);
        assertThat(json.get("mcp").fieldNames())
                .toIterable()
                .allSatisfy(key -> assertThat(key).doesNotContainPattern("[A-Z]"));
        assertThat(json.at("/metadata/qualification/status").asText()).isEqualTo("passed");

        JsonNode skill =
                Json.MAPPER.readTree(
                        CliRun.run(
                                        "registry",
                                        "show",
                                        "skill:.harnessgym/skills/triton-profiling/SKILL.md",
                                        "--workspace",
                                        ws,
                                        "--json")
                                .out());
        assertThat(skill.at("/skill/front_matter/license").asText()).isEqualTo("Apache-2.0");
    }

    @Test
    void syncThenQuarantineThenUnquarantine() throws Exception {
        CliRun sync = CliRun.run("registry", "sync", "--workspace", ws);
        assertThat(sync.exitCode()).isZero();
        assertThat(sync.out())
                .contains("added   test:.harnessgym/tests/test_kernel.py")
                .contains("8 artifacts, 1 added, 0 pruned");
        assertThat(CliRun.run("registry", "sync", "--workspace", ws).out()).contains("(unchanged)");

        String id = "docs:.harnessgym/docs/NOTES.md";
        CliRun quarantine =
                CliRun.run(
                        "registry",
                        "quarantine",
                        id,
                        "--reason",
                        "stale advice",
                        "--workspace",
                        ws);
        assertThat(quarantine.exitCode()).isZero();
        assertThat(quarantine.out()).isEqualTo("quarantined " + id + ": stale advice\n");
        JsonNode listed =
                Json.MAPPER.readTree(
                        CliRun.run("registry", "list", "--all", "--json", "--workspace", ws).out());
        assertThat(listed.at("/counts/quarantined").asInt()).isEqualTo(3);

        CliRun release = CliRun.run("registry", "unquarantine", id, "--workspace", ws, "--json");
        assertThat(release.exitCode()).isZero();
        assertThat(Json.MAPPER.readTree(release.out()).get("state").asText())
                .isEqualTo("unqualified");
    }

    @Test
    void unknownIdIsBadInputWithAHint() {
        CliRun run = CliRun.run("registry", "show", "NOTES.md", "--workspace", ws);

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err())
                .isEqualTo(
                        "harnessgym: error: no artifact with id 'NOTES.md' in the registry; "
                                + "did you mean 'docs:.harnessgym/docs/NOTES.md'?\n");
        assertThat(
                        CliRun.run(
                                        "registry",
                                        "quarantine",
                                        "nope",
                                        "--reason",
                                        "x",
                                        "--workspace",
                                        ws)
                                .exitCode())
                .isEqualTo(3);
    }

    @Test
    void corruptRegistryIsReportedInOneLineAndNeverOverwritten() {
        Path registry =
                Files2.write(
                        dir.resolve(".harnessgym/registry.json"),
                        "{\"version\": 1, \"artifacts\": [ {\"kind\": ");

        for (String[] args :
                new String[][] {
                    {"registry", "list"},
                    {"registry", "sync"},
                    {"registry", "quarantine", "x", "--reason", "r"}
                }) {
            String[] full =
                    java.util.stream.Stream.concat(
                                    java.util.Arrays.stream(args),
                                    java.util.stream.Stream.of("--workspace", ws))
                            .toArray(String[]::new);
            CliRun run = CliRun.run(full);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(3);
            assertThat(run.err())
                    .startsWith("harnessgym: error: .harnessgym/registry.json: not valid JSON")
                    .doesNotContain("\tat ");
            assertThat(run.err().lines()).hasSize(1);
        }
        assertThat(Files2.read(registry))
                .isEqualTo("{\"version\": 1, \"artifacts\": [ {\"kind\": ");
        assertThat(dir.resolve(".harnessgym/lock")).doesNotExist();
    }

    @Test
    void debugAddsTheStackTrace() {
        CliRun run = CliRun.run("registry", "show", "nope", "--workspace", ws, "--debug");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("HarnessGymException").contains("\tat ");
    }

    @Test
    void mutatingCommandsRespectTheWorkspaceLock() {
        try (WorkspaceLock held = WorkspaceLock.acquire(Workspace.open(dir), "registry sync")) {
            CliRun run = CliRun.run("registry", "sync", "--workspace", ws);
            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(run.err())
                    .contains(
                            "workspace is locked by harnessgym PID "
                                    + ProcessHandle.current().pid());
            assertThat(CliRun.run("registry", "list", "--workspace", ws).exitCode())
                    .as("read-only list")
                    .isZero();
        }
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(CliRun.run("registry", "list", "--bogus").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("registry").exitCode()).isEqualTo(2);
        assertThat(CliRun.run().exitCode()).isEqualTo(2);
        CliRun badKind = CliRun.run("registry", "list", "--kind", "widgets", "--workspace", ws);
        assertThat(badKind.exitCode()).isEqualTo(2);
        assertThat(badKind.err()).contains("unknown kind 'widgets'");
        CliRun noReason = CliRun.run("registry", "quarantine", "x", "--workspace", ws);
        assertThat(noReason.exitCode()).isEqualTo(2);
        assertThat(noReason.err()).contains("Missing required option: '--reason=TEXT'");
    }

    @Test
    void missingWorkspaceIsBadInput() {
        CliRun run = CliRun.run("registry", "list", "--workspace", dir.resolve("nope").toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("is not a directory");
    }

    @Test
    void workspaceWithoutABundleListsNothing(@TempDir Path empty) {
        CliRun run = CliRun.run("registry", "list", "--workspace", empty.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("no harnessgym bundle in " + empty);
        assertThat(empty.resolve(".harnessgym")).doesNotExist();
    }

    @Test
    void helpAndVersion() {
        assertThat(CliRun.run("--version").out()).startsWith("harnessgym ");
        CliRun help = CliRun.run("registry", "list", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--all", "--kind", "--json", "--workspace", "--debug");
        assertThat(CliRun.run("--help").out()).contains("Exit codes:").contains("registry");
    }
}
