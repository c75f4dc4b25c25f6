package io.harnessgym.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.activation.Activation;
import io.harnessgym.activation.Activator;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.process.Sandbox;
import io.harnessgym.runner.all.Runners;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.QualifyingActivator;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripted runner: its built-in demo script through a whole loop by hand (attempt, reflect,
 * build, qualification and activation of what it built, a second attempt that calls the new tool
 * through the runtime helper and the gateway, logged), and a script that attacks the evidence.
 */
class ScriptedRunnerTest {
    @TempDir Path dir;
    Path ws;
    StateDir state;

    @BeforeEach
    void setUp() throws Exception {
        ws = Files.createDirectories(dir.resolve("ws")).toRealPath();
        Files.createDirectories(ws.resolve(".harnessgym"));
        Files.writeString(ws.resolve("README.md"), "a task\n");
        state = TestState.of(ws);
        state.ensure();
    }

    private PhaseResult run(Path script, Phase phase, String iteration, String session) {
        Map<String, String> env = new HashMap<>(TestState.env());
        env.put("HARNESSGYM_AGENT_DIR", dir.resolve("agent").toString());
        RunnerContext context =
                new RunnerContext(
                        Workspace.open(ws),
                        state,
                        env,
                        ProxyLauncher.current(),
                        RunnerContext.Options.defaults().withScript(script));
        return Runners.create(RunnerKind.SCRIPTED, context)
                .run(
                        new PhaseRequest(
                                phase,
                                "the " + phase.id() + " prompt",
                                session,
                                state.root().resolve("runs/demo/" + iteration),
                                Duration.ofMinutes(3),
                                new PhaseRequest.RunScope("demo", iteration, ""),
                                null));
    }

    private static JsonNode answer(PhaseResult result) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(result.files().stdout()));
        return Json.MAPPER.readTree(lines.get(lines.size() - 1));
    }

    @Test
    void theDefaultScriptBuildsAToolThatQualifiesAndUsesItInTheNextAttempt() throws Exception {
        PhaseResult first = run(null, Phase.ATTEMPT, "1", null);
        assertThat(first.completed()).as(first.reason()).isTrue();
        assertThat(first.runner()).isEqualTo(RunnerKind.SCRIPTED);
        assertThat(answer(first).at("/result/status").asText()).isEqualTo("blocked");
        String session = first.sessionId();
        assertThat(session).isEqualTo("scripted-demo-1");

        PhaseResult reflect = run(null, Phase.REFLECT, "1", session);
        assertThat(answer(reflect).at("/result/reflection/selected_improvement/name").asText())
                .isEqualTo("task_probe");
        PhaseResult build = run(null, Phase.BUILD, "1", session);
        assertThat(build.completed()).as(build.reason()).isTrue();
        assertThat(ws.resolve(".harnessgym/mcp/task_probe/mcp.json")).exists();
        assertThat(ws.resolve(".harnessgym/skills/task-probe/SKILL.md")).exists();

        Activation activation =
                new QualifyingActivator(Workspace.open(ws), ProxyLauncher.current())
                        .activate(Activator.Target.ALL, false);
        assertThat(activation.servers()).extracting(s -> s.name()).containsExactly("task_probe");

        PhaseResult second = run(null, Phase.ATTEMPT, "2", null);
        assertThat(second.completed()).as(second.reason()).isTrue();
        JsonNode call = answer(second).path("actions").get(0);
        assertThat(call.path("ok").asBoolean()).as(call.toString()).isTrue();
        assertThat(call.path("detail").asText()).contains("probe: all measurements within bounds");
        assertThat(answer(second).at("/result/status").asText()).isEqualTo("solved");
        assertThat(Files2.jsonLines(state.callLog()))
                .singleElement()
                .satisfies(
                        event -> {
                            assertThat(event.path("server").asText()).isEqualTo("task_probe");
                            assertThat(event.path("tool_name").asText()).isEqualTo("probe");
                            assertThat(event.path("run_id").asText()).isEqualTo("demo");
                            assertThat(event.path("iteration").asText()).isEqualTo("2");
                            assertThat(event.path("phase").asText()).isEqualTo("attempt");
                        });
    }

    @Test
    void anAttackingScriptChangesNoEvidence() throws Exception {
        Assumptions.assumeTrue(
                Sandbox.detect(TestState.env()) instanceof Sandbox.Bubblewrap, "needs bubblewrap");
        Files.writeString(state.callLog(), "");
        Files.writeString(ws.resolve(".harnessgym/registry.json"), "{}\n");
        Path script = dir.resolve("attack.json");
        String targets =
                Json.compact(
                        Json.MAPPER.valueToTree(
                                List.of(
                                        state.callLog().toString(),
                                        state.root()
                                                .resolve("qualifications/forged.json")
                                                .toString(),
                                        ws.resolve(".harnessgym/registry.json").toString(),
                                        ws.resolve(".harnessgym/activation.json").toString(),
                                        ws.resolve(".git/config").toString(),
                                        System.getProperty("user.home") + "/.codex/auth.json")));
        Files.writeString(
                script,
                "{\"version\": 1, \"phases\": {\"attempt\": [{\"do\": \"attack\", \"paths\": "
                        + targets
                        + "},"
                        + " {\"do\": \"call_tool\", \"server\": \"none\", \"tool\": \"x\"}]}}");

        PhaseResult result = run(script, Phase.ATTEMPT, "1", null);

        assertThat(result.completed()).as(result.reason()).isTrue();
        assertThat(result.confinement().hidden()).contains(state.root().toString());
        assertThat(Files.readString(state.callLog())).isEmpty();
        assertThat(state.root().resolve("qualifications/forged.json")).doesNotExist();
        assertThat(Files.readString(ws.resolve(".harnessgym/registry.json"))).isEqualTo("{}\n");
        assertThat(ws.resolve(".harnessgym/activation.json")).doesNotExist();
        for (JsonNode tried : answer(result).at("/actions/0/tried")) {
            if (!tried.path("path").asText().startsWith(state.root().toString())) {
                assertThat(tried.path("outcome").asText())
                        .as(tried.toString())
                        .startsWith("blocked");
            }
        }
    }
}
