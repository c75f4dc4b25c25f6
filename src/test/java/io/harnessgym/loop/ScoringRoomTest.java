package io.harnessgym.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.process.Overlay;
import io.harnessgym.runner.Phase;
import io.harnessgym.runner.PhaseRequest;
import io.harnessgym.runner.PhaseResult;
import io.harnessgym.runner.Runner;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring room over the live workspace (an overlay) and the copied one measure the same tree:
 * the attempt's snapshot with the protected scorer put back, nothing it leaves out, and no write of
 * the check's reaching the workspace. A write to the workspace while the check runs over it voids
 * that score, and the copy's measurement is the one recorded.
 */
class ScoringRoomTest {
    @TempDir Path dir;
    Path ws;
    StateDir state;
    Path script;

    /** Prints, as one JSON line, what the check sees; then writes in its room. */
    static final String SCORER =
            """
            answer=$(cat src/answer.txt)
            check=$(ls -A check | tr '\\n' ' ')
            top=$(ls -A | tr '\\n' ' ')
            echo scored > src/answer.txt
            echo "{\\"status\\": \\"passed\\", \\"score\\": 1, \\"answer\\": \\"$answer\\",\
             \\"check\\": \\"$check\\", \\"top\\": \\"$top\\"}"
            """;

    @BeforeEach
    void setUp() throws Exception {
        use("ws");
        script =
                Files2.write(
                        dir.resolve("script.json"),
                        "{\"version\": 1, \"phases\": {\"attempt\": [], \"reflect\": [], \"build\":"
                                + " []}}\n");
    }

    /** Makes a new workspace {@code name} (with its own state) the one the next run uses. */
    private void use(String name) throws Exception {
        ws = Files.createDirectories(dir.resolve(name)).toRealPath();
        Files2.write(ws.resolve("task.md"), "Write the answer.\n");
        Files2.write(ws.resolve("src/answer.txt"), "unanswered");
        Files2.write(ws.resolve("check/run.sh"), SCORER);
        Files2.write(ws.resolve("check/data.txt"), "the scorer's data\n");
        state = TestState.of(ws);
    }

    /** What an agent did in its first attempt (unconfined, with every right the user has). */
    interface Attempt {
        void on(Path ws) throws Exception;
    }

    private JsonNode run(String runId, Map<String, String> extraEnv, Attempt attempt)
            throws Exception {
        ScriptedRuns runs = new ScriptedRuns(ws, state, dir, script);
        Runner scripted = runs.runner();
        Runner runner =
                new Runner() {
                    @Override
                    public RunnerKind kind() {
                        return scripted.kind();
                    }

                    @Override
                    public PhaseResult run(PhaseRequest request) {
                        PhaseResult result = scripted.run(request);
                        if (request.phase() == Phase.ATTEMPT) {
                            try {
                                attempt.on(ws);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                        return result;
                    }
                };
        Map<String, String> env = new HashMap<>(runs.env);
        env.putAll(extraEnv);
        new Orchestrator(Workspace.open(ws), state, env, ProxyLauncher.current())
                .run(
                        runs.config(runId, 1)
                                .postAttempt("sh check/run.sh", List.of("check", "fixtures"), 120)
                                .build(),
                        "Write the answer.\n",
                        runner);
        return Json.MAPPER.readTree(
                state.root().resolve("runs/" + runId + "/iterations/1/result.json").toFile());
    }

    private static void agentAttempt(Path ws) throws Exception {
        Files2.write(ws.resolve("src/answer.txt"), "right");
        Files2.write(
                ws.resolve("check/run.sh"), "echo '{\"status\": \"passed\", \"score\": 99}'\n");
        Files2.write(ws.resolve("check/extra.sh"), "echo an agent's extra file\n");
        Files.delete(ws.resolve("check/data.txt"));
        // A protected path the baseline lacks: not in the room.
        Files2.write(ws.resolve("fixtures/expected.txt"), "right\n");
        Files2.write(ws.resolve(".claude/settings.json"), "{}\n"); // left out of snapshots
        Files2.write(ws.resolve(".agents/notes.md"), "left out too\n");
        Process fifo = new ProcessBuilder("mkfifo", ws.resolve("pipe").toString()).start();
        assertThat(fifo.waitFor()).isZero();
    }

    private void assumeOverlay() {
        assumeTrue(
                Overlay.detect(state.roomsDir(), TestState.env()).isPresent(),
                "no overlay here (bubblewrap, unshare, mount -t overlay); .ci/run has them");
    }

    @Test
    void theOverlayAndTheCopiedRoomMeasureTheSameTreeAndNeitherWritesTheWorkspace()
            throws Exception {
        assumeOverlay();
        JsonNode over = run("over", Map.of(), ScoringRoomTest::agentAttempt);
        String written = Files.readString(ws.resolve("src/answer.txt"));
        StateDir overState = state;
        use("copied-ws");
        JsonNode copied = run("copied", Map.of(Overlay.ENV, "copy"), ScoringRoomTest::agentAttempt);

        assertThat(over.path("measured").path("room").asText()).isEqualTo("overlay");
        assertThat(over.path("measured").path("room_note").isNull()).isTrue();
        assertThat(copied.path("measured").path("room").asText()).isEqualTo("copy");
        JsonNode seen = over.path("measured").path("json");
        assertThat(seen).isEqualTo(copied.path("measured").path("json"));
        // The attempt's answer; the baseline's scorer and data, not the agent's edit or extra
        // file; nothing the snapshot leaves out (.agents, .claude, the pipe).
        assertThat(seen.path("answer").asText()).isEqualTo("right");
        assertThat(seen.path("score").asInt()).isEqualTo(1);
        assertThat(seen.path("check").asText()).isEqualTo("data.txt run.sh ");
        assertThat(seen.path("top").asText()).isEqualTo("check src task.md ");
        assertThat(written).isEqualTo("right");
        assertThat(Files.readString(ws.resolve("src/answer.txt"))).isEqualTo("right");
        assertThat(Files.readString(ws.resolve("check/extra.sh"))).contains("extra");
        // Nothing of either room is left once the run ends.
        for (StateDir each : List.of(overState, state)) {
            try (var left = Files.list(each.roomsDir())) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .noneMatch(name -> name.startsWith("score-"));
            }
        }
    }

    @Test
    void aWorkspacePathOverlayOptionsCannotCarryIsScoredInACopyAndSaysWhy() throws Exception {
        assumeOverlay();
        use("ws,lowerdir=elsewhere");

        JsonNode result = run("comma", Map.of(), ScoringRoomTest::agentAttempt);

        JsonNode measured = result.path("measured");
        assertThat(measured.path("room").asText()).isEqualTo("copy");
        assertThat(measured.path("room_note").asText()).contains("comma");
        assertThat(measured.path("json").path("answer").asText()).isEqualTo("right");
        assertThat(measured.path("json").path("check").asText()).isEqualTo("data.txt run.sh ");
    }

    @Test
    void aWriteToTheWorkspaceWhileItIsScoredVoidsTheScoreAndTheCopyIsMeasured() throws Exception {
        assumeOverlay();
        // The check signals that it runs, waits for the leftover process's write to the live
        // workspace, then reports what its room shows.
        Files2.write(
                ws.resolve("check/run.sh"),
                "touch started\n"
                        + "while ! grep -q forged "
                        + ws.resolve("src/answer.txt")
                        + "; do sleep 0.05; done\n"
                        + "if grep -q forged src/answer.txt; then echo '{\"status\": \"passed\","
                        + " \"score\": 1}'; else echo '{\"status\": \"failed\", \"score\": 0}';"
                        + " fi\n");
        Path started = state.roomsDir().resolve("score-forged.upper/started");
        AtomicBoolean wrote = new AtomicBoolean();
        Thread leftover =
                new Thread(
                        () -> {
                            // An agent's process that outlived its session, writing as the
                            // check runs over the workspace.
                            for (int i = 0; i < 60_000 && !Files.exists(started); i++) {
                                try {
                                    Thread.sleep(1);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                            Files2.write(ws.resolve("src/answer.txt"), "forged");
                            wrote.set(true);
                        });
        leftover.setDaemon(true);
        leftover.start();

        JsonNode result =
                run("forged", Map.of(), ws -> Files2.write(ws.resolve("src/answer.txt"), "honest"));
        leftover.join();

        assertThat(wrote).isTrue();
        JsonNode measured = result.path("measured");
        assertThat(measured.path("room").asText()).isEqualTo("copy");
        assertThat(measured.path("room_note").asText())
                .contains("changed while it was scored")
                .contains("void");
        assertThat(measured.path("passed").asBoolean()).isFalse();
        assertThat(measured.path("score").asInt()).isZero();
        assertThat(Files.readString(ws.resolve("src/answer.txt"))).isEqualTo("forged");
    }
}
