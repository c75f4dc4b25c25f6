package io.harnessgym.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.harnessgym.testing.Files2;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class McpManifestParserTest {
    @TempDir Path dir;

    Workspace workspace;

    @BeforeEach
    void setUp() {
        workspace = Workspace.open(dir);
    }

    private McpManifestParser.Result parse(String json) {
        Path file = Files2.write(dir.resolve(".harnessgym/mcp/my server/mcp.json"), json);
        return McpManifestParser.parse(workspace, file);
    }

    private McpManifest valid(String json) {
        McpManifestParser.Result result = parse(json);
        assertThat(result.problems()).isEmpty();
        return result.manifest();
    }

    @Test
    void minimalManifestGetsPythonDefaultsAndAFolderName() {
        McpManifest manifest = valid("{\"command\": \"python3\"}");

        assertThat(manifest.name()).isEqualTo("my_server");
        assertThat(manifest.declaredName()).isNull();
        assertThat(manifest.args()).isEmpty();
        assertThat(manifest.cwd()).isEqualTo(".");
        assertThat(manifest.startupTimeoutSec()).isEqualTo(10);
        assertThat(manifest.toolTimeoutSec()).isEqualTo(60);
        assertThat(manifest.selfTestTimeoutSec()).isEqualTo(20);
        assertThat(manifest.selfTest()).isNull();
        assertThat(manifest.framing()).isEqualTo("auto");
    }

    @Test
    void pythonBundleManifestLoads() {
        McpManifest manifest =
                McpManifestParser.parse(
                                Workspace.open(Files2.PYTHON_BUNDLE),
                                Files2.PYTHON_BUNDLE.resolve(
                                        ".harnessgym/mcp/kernel_bench/harnessgym-mcp.json"))
                        .manifest();

        assertThat(manifest.name()).isEqualTo("kernel_bench");
        assertThat(manifest.cwd()).isEqualTo(".harnessgym/mcp/kernel_bench");
        assertThat(manifest.startupTimeoutSec()).isEqualTo(15);
        assertThat(manifest.toolTimeoutSec()).isEqualTo(120);
        // The self_test object's own timeout_seconds is the one that runs (and is shown).
        assertThat(manifest.selfTestTimeoutSec()).isEqualTo(45);
        assertThat(manifest.selfTest())
                .isEqualTo(
                        new McpManifest.SelfTest(
                                List.of("python3", "server.py", "--self-test"),
                                ".harnessgym/mcp/kernel_bench",
                                45));
        assertThat(manifest.enabledTools()).containsExactly("run_benchmark", "compare_outputs");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"startup_timeout_sec\": 7}|startup|7",
                "{\"timeouts\": {\"startup_seconds\": 8}}|startup|8",
                "{\"timeouts\": {\"startup_timeout_sec\": 9}}|startup|9",
                "{\"timeouts\": {\"initialize_ms\": 2500}}|startup|2",
                "{\"timeouts\": {\"startup_ms\": 400}}|startup|1",
                "{\"startup_timeout_sec\": 3, \"timeouts\": {\"startup_seconds\": 99}}|startup|3",
                "{\"tool_timeout_sec\": 11}|tool|11",
                "{\"timeouts\": {\"tool_seconds\": 12}}|tool|12",
                "{\"timeouts\": {\"tool_timeout_sec\": 13}}|tool|13",
                "{\"timeouts\": {\"tool_call_ms\": 14000}}|tool|14",
                "{\"timeouts\": {\"tool_ms\": 15999}}|tool|15",
                "{\"tool_timeout_sec\": \"1m30s\"}|tool|90",
                "{\"tool_timeout_sec\": 2.9}|tool|2",
                "{\"self_test_timeout_sec\": 21}|self_test|21",
                "{\"test_timeout_sec\": 22}|self_test|22",
                "{\"timeouts\": {\"self_test_seconds\": 23}}|self_test|23",
                "{\"timeouts\": {\"self_test_timeout_sec\": 24}}|self_test|24",
                "{\"timeouts\": {\"self_test_ms\": 25000}}|self_test|25",
                "{\"timeouts\": {\"test_ms\": \"26000\"}}|self_test|26",
            })
    void everyTimeoutSpellingOfThePythonTool(String timeouts, String which, int seconds) {
        String json = timeouts.replaceFirst("^\\{", "{\"command\": \"x\", ");
        McpManifest manifest = valid(json);
        int actual =
                switch (which) {
                    case "startup" -> manifest.startupTimeoutSec();
                    case "tool" -> manifest.toolTimeoutSec();
                    default -> manifest.selfTestTimeoutSec();
                };
        assertThat(actual).isEqualTo(seconds);
    }

    @Test
    void aNetworkThatIsNotABooleanIsReportedUnderTheManifestsName() {
        assertThat(parse("{\"command\": \"x\", \"network\": \"yes\"}").problems())
                .containsExactly(
                        ".harnessgym/mcp/my server/mcp.json: 'network' must be true or false");
    }

    @Test
    void badTimeoutsAreReported() {
        assertThat(parse("{\"command\": \"x\", \"tool_timeout_sec\": 0}").problems())
                .containsExactly(
                        ".harnessgym/mcp/my server/mcp.json: 'tool_timeout_sec' must be at least 1 second, found 0");
        assertThat(parse("{\"command\": \"x\", \"timeouts\": {\"tool_ms\": \"soon\"}}").problems())
                .singleElement()
                .asString()
                .contains("'timeouts.tool_ms' must be a number of milliseconds");
        assertThat(parse("{\"command\": \"x\", \"startup_timeout_sec\": \"5 m\"}").problems())
                .singleElement()
                .asString()
                .contains("unknown unit ' '");
        assertThat(parse("{\"command\": \"x\", \"timeouts\": 5}").problems())
                .singleElement()
                .asString()
                .contains("'timeouts' must be an object");
    }

    @Test
    void selfTestTrueRunsTheServerWithSelfTestFlag() {
        McpManifest manifest =
                valid(
                        "{\"command\": \"node\", \"args\": [\"s.js\", 3], \"cwd\": \"tools\", \"self_test\": true}");

        assertThat(manifest.selfTest())
                .isEqualTo(
                        new McpManifest.SelfTest(
                                List.of("node", "s.js", "3", "--self-test"), "tools", 20));
    }

    @Test
    void selfTestListAndStringForms() {
        assertThat(
                        valid("{\"command\": \"x\", \"self_test\": [\"make\", \"check\", 1]}")
                                .selfTest()
                                .argv())
                .containsExactly("make", "check", "1");
        assertThat(
                        valid(
                                        "{\"command\": \"x\", \"self_test\": \"python3 -c 'print(\\\"a b\\\")' \\\"two words\\\"\"}")
                                .selfTest()
                                .argv())
                .containsExactly("python3", "-c", "print(\"a b\")", "two words");
    }

    @Test
    void selfTestObjectForms() {
        McpManifest list =
                valid(
                        "{\"command\": \"x\", \"self_test\": {\"command\": [\"a\", \"b\"], \"cwd\": \"sub\", \"timeout_ms\": 3000}}");
        assertThat(list.selfTest())
                .isEqualTo(new McpManifest.SelfTest(List.of("a", "b"), "sub", 3));

        McpManifest withArgs =
                valid(
                        "{\"command\": \"x\", \"self_test\": {\"command\": \"py\", \"args\": [\"t.py\"], \"timeout_sec\": 4}}");
        assertThat(withArgs.selfTest())
                .isEqualTo(new McpManifest.SelfTest(List.of("py", "t.py"), ".", 4));

        McpManifest split =
                valid(
                        "{\"command\": \"x\", \"cwd\": \"srv\", \"self_test\": {\"command\": \"py t.py --fast\", \"timeout_seconds\": 5}}");
        assertThat(split.selfTest())
                .isEqualTo(new McpManifest.SelfTest(List.of("py", "t.py", "--fast"), "srv", 5));
    }

    @Test
    void falsySelfTestsMeanNone() {
        for (String value : List.of("false", "\"\"", "[]", "{}", "null", "0")) {
            assertThat(valid("{\"command\": \"x\", \"self_test\": " + value + "}").selfTest())
                    .as(value)
                    .isNull();
        }
    }

    @Test
    void invalidSelfTestForms() {
        assertThat(parse("{\"command\": \"x\", \"self_test\": 1}").problems())
                .singleElement()
                .asString()
                .contains("'self_test' must be true, a command string, an argv list or an object");
        assertThat(parse("{\"command\": \"x\", \"self_test\": {\"command\": 5}}").problems())
                .singleElement()
                .asString()
                .contains("'self_test.command' must be a string or an argv list");
        assertThat(parse("{\"command\": \"x\", \"self_test\": \"py 'unclosed\"}").problems())
                .singleElement()
                .asString()
                .contains("unterminated single quote");
        assertThat(
                        parse(
                                        "{\"command\": \"x\", \"self_test\": {\"command\": \"t\", \"cwd\": \"/tmp\"}}")
                                .problems())
                .singleElement()
                .asString()
                .contains("'self_test.cwd' '/tmp' is absolute");
    }

    @Test
    void commandIsRequired() {
        assertThat(parse("{\"args\": []}").problems())
                .containsExactly(".harnessgym/mcp/my server/mcp.json: 'command' is required");
        assertThat(parse("{\"command\": [\"a\"]}").problems())
                .singleElement()
                .asString()
                .contains("'command' must be a string, found an array");
        assertThat(parse("{\"command\": \"  \"}").problems())
                .as("a blank string is not 'found a string'")
                .singleElement()
                .asString()
                .endsWith("'command' must not be empty or blank");
    }

    @Test
    void cwdIsConfinedToTheWorkspace() throws Exception {
        assertThat(parse("{\"command\": \"x\", \"cwd\": \"/etc\"}").problems())
                .singleElement()
                .asString()
                .contains("'cwd' '/etc' is absolute");
        assertThat(parse("{\"command\": \"x\", \"cwd\": \"../..\"}").problems())
                .singleElement()
                .asString()
                .contains("contains '..'");
        Path outside = Files.createTempDirectory("hg-outside");
        try {
            Files.createSymbolicLink(dir.resolve("escape"), outside);
            assertThat(parse("{\"command\": \"x\", \"cwd\": \"escape\"}").problems())
                    .singleElement()
                    .asString()
                    .contains("outside the workspace");
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void envEnabledToolsNameAndFraming() {
        McpManifest manifest =
                valid(
                        """
                {"command": "x", "name": "bench server!", "env": {"MODE": "fast", "N": 3},
                 "enabled_tools": ["run.v2", "a-b_c"], "framing": "content-length", "transport": "stdio",
                 "description": "d"}""");
        assertThat(manifest.name()).isEqualTo("bench_server_");
        assertThat(manifest.declaredName()).isEqualTo("bench server!");
        assertThat(manifest.env()).isEqualTo(Map.of("MODE", "fast", "N", "3"));
        assertThat(manifest.enabledTools()).containsExactly("run.v2", "a-b_c");
        assertThat(manifest.framing()).isEqualTo("content-length");

        assertThat(
                        parse("{\"command\": \"x\", \"env\": {\"BAD-NAME\": \"1\", \"OK\": {}}}")
                                .problems())
                .hasSize(2);
        assertThat(parse("{\"command\": \"x\", \"enabled_tools\": [\"has space\"]}").problems())
                .singleElement()
                .asString()
                .contains("enabled_tools name 'has space'");
        assertThat(parse("{\"command\": \"x\", \"transport\": \"http\"}").problems())
                .singleElement()
                .asString()
                .contains("only stdio servers are supported");
        assertThat(parse("{\"command\": \"x\", \"framing\": \"lsp\"}").problems())
                .singleElement()
                .asString()
                .contains("'framing' must be one of");
    }

    @Test
    void manifestThatIsNotJsonOrNotAnObject() {
        assertThat(parse("{\"command\": ").problems())
                .singleElement()
                .asString()
                .contains("not valid JSON");
        assertThat(parse("[\"x\"]").problems())
                .singleElement()
                .asString()
                .contains("expected a JSON object, found an array");
    }

    @Test
    void sanitisedNames() {
        assertThat(McpManifestParser.sanitizeName("a.b c")).isEqualTo("a_b_c");
        assertThat(McpManifestParser.sanitizeName("")).isEqualTo("harnessgym_mcp");
        assertThat(McpManifestParser.sanitizeName("x\"]\n[evil]")).isEqualTo("x_evil_");
    }
}
