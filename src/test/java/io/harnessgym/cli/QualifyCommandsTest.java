package io.harnessgym.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.registry.TrustRecords;
import io.harnessgym.testing.CliRun;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualifyCommandsTest {
    @TempDir Path dir;

    @Test
    void qualifyExitsOneOnAFailureAndWritesJUnitThatValidatesAgainstTheSchemaCiToolsRead()
            throws Exception {
        McpTestServers.install(dir, "good", "ndjson", "ndjson");
        Files2.write(
                dir.resolve(".harnessgym/mcp/noisy/mcp.json"),
                "{\"name\": \"noisy\", \"command\": \"python3\", \"args\": [\""
                        + McpTestServers.SCRIPT
                        + "\"], \"self_test\": [\"sh\", \"-c\", \"printf 'bad \\\\033[31m\\\\007 <&> ]]>' >&2; exit 2\"]}");
        Path junit = dir.resolve("out/qualification.xml");
        Files.createDirectories(junit.getParent());

        CliRun run =
                CliRun.run("qualify", "--junit", junit.toString(), "--workspace", dir.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out())
                .startsWith("qualification failed: 2 judged (1 passed, 1 failed)")
                .contains("PASS  mcp:.harnessgym/mcp/good/mcp.json")
                .contains("FAIL  mcp:.harnessgym/mcp/noisy/mcp.json")
                .contains("sandbox: " + io.harnessgym.process.Sandbox.detect(TestState.env()).id())
                .doesNotContain("\u001b")
                .doesNotContain("\u0007");
        Validator validator =
                SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                        .newSchema(Path.of("src/test/resources/junit/junit.xsd").toFile())
                        .newValidator();
        validator.validate(new StreamSource(junit.toFile()));
        String xml = Files2.read(junit);
        assertThat(xml)
                .contains("tests=\"2\"")
                .contains("failures=\"1\"")
                .contains("name=\"mcp:.harnessgym/mcp/noisy/mcp.json\"")
                .contains("self_test: exited with status 2")
                .contains("&lt;&amp;&gt;");

        CliRun again = CliRun.run("qualify", "--json", "--workspace", dir.toString());
        assertThat(again.exitCode()).as("the failure at this digest is on record").isEqualTo(1);
        JsonNode report = Json.MAPPER.readTree(again.out());
        assertThat(report.get("artifacts")).isEmpty();
        assertThat(report.get("earlier")).hasSize(2);
    }

    @Test
    void quarantineSetsFailuresAsideAndTheNextRunPasses() throws Exception {
        McpTestServers.install(dir, "good", "ndjson", "ndjson");
        McpTestServers.install(dir, "bad", "ndjson", "ndjson", "--self-test-fails");
        CliRun run = CliRun.run("qualify", "--quarantine", "--workspace", dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("quarantined mcp:.harnessgym/mcp/bad/mcp.json");
        CliRun list = CliRun.run("registry", "list", "--all", "--workspace", dir.toString());
        assertThat(list.out()).contains("quarantined");
        CliRun show =
                CliRun.run(
                        "registry",
                        "show",
                        "mcp:.harnessgym/mcp/bad/mcp.json",
                        "--workspace",
                        dir.toString());
        assertThat(show.out()).contains("failed qualification: self_test: exited with status 1");
        assertThat(CliRun.run("qualify", "--workspace", dir.toString()).exitCode())
                .as("the quarantined artifact is not judged again; the good one passed earlier")
                .isZero();
    }

    @Test
    void theBundledExampleQualifies() {
        Path copy = Files2.copyPythonBundle(dir.resolve("example"));
        CliRun run = CliRun.run("qualify", "--workspace", copy.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("PASS  mcp:.harnessgym/mcp/kernel_bench/harnessgym-mcp.json");
    }

    @Test
    void aQualifyKilledHalfWayLeavesEveryRecordReadableAndTheNextRunFinishesTheJob()
            throws Exception {
        McpTestServers.install(dir, "quick", "ndjson", "ndjson");
        assertThat(CliRun.run("qualify", "--workspace", dir.toString()).exitCode()).isZero();
        String marker = "hg-orphan-" + System.nanoTime();
        McpTestServers.install(
                dir, "slow", "ndjson", "ndjson", "--start-delay", "30", "--tag", marker);
        Workspace workspace = Workspace.open(dir);
        StateDir state = TestState.of(workspace);
        List<String> command = new ArrayList<>(McpTestServers.harnessgymCommand());
        command.addAll(List.of("--workspace", dir.toString(), "qualify"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(TestState.env());
        // Unsandboxed, so the server outlives the killed run (bubblewrap's --die-with-parent would
        // end it): the case only the cgroup sweep can clean up.
        builder.environment().put(io.harnessgym.process.Sandbox.ENV, "none");
        Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path rooms = state.roomsDir();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!hasRoom(rooms) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(hasRoom(rooms)).as("a room was being judged").isTrue();
        Thread.sleep(300);
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();

        TrustRecords records = TrustRecords.load(state);
        assertThat(records.qualifications()).hasSize(1);
        boolean cgroups = io.harnessgym.process.Containment.Cgroup.parent().isPresent();
        if (cgroups) {
            assertThat(pgrep(marker)).as("the killed run's server is still there").isNotBlank();
        }
        Path manifest = dir.resolve(".harnessgym/mcp/slow/mcp.json");
        Files2.write(manifest, Files2.read(manifest).replace(", \"--start-delay\", \"30\"", ""));
        // The killed run's lock names a dead process: the next run takes it over.
        assertThat(CliRun.run("qualify", "--workspace", dir.toString()).exitCode()).isZero();
        CliRun gc = CliRun.run("state", "gc", "--workspace", dir.toString());
        assertThat(gc.exitCode()).isZero();
        assertThat(gc.out()).contains("and 1 clean rooms");
        assertThat(hasRoom(rooms)).isFalse();
        if (cgroups) {
            // kill -9 left the server orphaned in its cgroup; gc ends it (nothing else would)
            assertThat(gc.out()).containsPattern("ended [1-9][0-9]* process groups");
            assertThat(pgrep(marker)).isBlank();
        }
    }

    private static String pgrep(String marker) throws Exception {
        Process pgrep = new ProcessBuilder("pgrep", "-f", marker).start();
        return new String(pgrep.getInputStream().readAllBytes());
    }

    private static boolean hasRoom(Path rooms) throws Exception {
        if (!Files.isDirectory(rooms)) {
            return false;
        }
        try (var runs = Files.list(rooms)) {
            for (Path run : (Iterable<Path>) runs::iterator) {
                try (var inside = Files.list(run)) {
                    if (inside.findAny().isPresent()) {
                        return true;
                    }
                } catch (java.io.IOException gone) {
                    // removed meanwhile
                }
            }
        }
        return false;
    }

    @Test
    void badInputIsOneClearLineAndChangesNothing() throws Exception {
        CliRun noBundle = CliRun.run("qualify", "--workspace", dir.toString());
        assertThat(noBundle.exitCode()).isEqualTo(3);
        assertThat(noBundle.err().lines()).hasSize(1);
        assertThat(noBundle.err()).startsWith("harnessgym: error: no harnessgym bundle");

        McpTestServers.install(dir, "good", "ndjson", "ndjson");
        CliRun template =
                CliRun.run("qualify", "--template", "abcdef12", "--workspace", dir.toString());
        assertThat(template.exitCode()).isEqualTo(3);
        assertThat(template.err())
                .isEqualTo(
                        "harnessgym: error: no snapshot abcdef12 (see 'harnessgym snapshot list')\n");

        StateDir state = TestState.of(Workspace.open(dir));
        Path records = state.ensureDir("records").resolve("qualification.json");
        Files2.write(records, "{not json");
        CliRun corrupt = CliRun.run("qualify", "--workspace", dir.toString());
        assertThat(corrupt.exitCode()).isEqualTo(3);
        assertThat(corrupt.err().lines()).hasSize(1);
        assertThat(corrupt.err()).contains(records.toString());
        assertThat(Files2.read(records))
                .as("a corrupt record file is never replaced")
                .isEqualTo("{not json");
    }
}
