package io.harnessgym.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.testing.Eventually;
import io.harnessgym.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harnessgym compare} stopped by SIGTERM after its first trial: a report of what finished,
 * no agent left; {@code --resume} then runs only the trials it lacks.
 */
class CompareSignalIT {
    @TempDir Path dir;

    @Test
    void aCompareStoppedBySigtermKeepsItsFinishedTrialsAndResumesWithTheRest() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Files.writeString(
                ws.resolve("task.md"), "---\nverify: sh check.sh\n---\n# Answer\n\nWrite 42.\n");
        Files.writeString(
                ws.resolve("check.sh"),
                "grep -q 42 answer.txt && echo '{\"status\":\"passed\"}' || echo '{\"status\":\"failed\"}'\n");
        String token = "3." + ProcessHandle.current().pid();
        Path script = dir.resolve("script.json");
        Files.writeString(
                script,
                "{\"phases\": {\"attempt\": [{\"do\": \"run\", \"argv\": [\"sleep\", \""
                        + token
                        + "\"]}, {\"do\": \"write\", \"path\": \"answer.txt\", \"content\": \"42\"}]}}");
        Path state = dir.resolve("state");
        List<String> args =
                List.of(
                        "compare",
                        "--workspace",
                        ws.toString(),
                        "--state-dir",
                        state.toString(),
                        "--task",
                        "task.md",
                        "--arms",
                        "plain",
                        "--trials",
                        "3",
                        "--runner",
                        "scripted",
                        "--script",
                        script.toString(),
                        "--compare-id",
                        "sig");
        ProcessBuilder builder =
                new ProcessBuilder(ShadedJarIT.jar(args.toArray(String[]::new)))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("HARNESSGYM_AGENT_DIR", dir.resolve("agent-dir").toString());
        Process compare = builder.start();
        Path trials = state.resolve("compares/sig/trials/ws");
        Eventually.holds(() -> assertThat(finished(trials)).isNotEmpty());

        compare.destroy();

        assertThat(compare.waitFor(30, TimeUnit.SECONDS)).isTrue();
        JsonNode report =
                Json.MAPPER.readTree(state.resolve("compares/sig/compare_report.json").toFile());
        assertThat(report.path("trials").size()).isBetween(1, 2);
        assertThat(report.path("missing_trials").size())
                .isEqualTo(3 - report.path("trials").size());
        Eventually.holds(() -> assertThat(io.harnessgym.testing.Survivors.of(token)).isEmpty());
        List<Path> done = finished(trials);
        String first = Files.readString(done.get(0));

        ProcessBuilder resume =
                new ProcessBuilder(
                                ShadedJarIT.jar(
                                        "compare",
                                        "--resume",
                                        "sig",
                                        "--workspace",
                                        ws.toString(),
                                        "--state-dir",
                                        state.toString()))
                        .redirectErrorStream(true);
        // No --runner: the resumed trials run with the runner the plan records (scripted), as the
        // first part did.
        resume.environment().put("HARNESSGYM_AGENT_DIR", dir.resolve("agent-dir").toString());
        Process again = resume.start();
        String said = new String(again.getInputStream().readAllBytes());
        assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(said).contains(done.size() + " trial(s) finished already");
        JsonNode whole =
                Json.MAPPER.readTree(state.resolve("compares/sig/compare_report.json").toFile());
        assertThat(whole.path("trials")).hasSize(3);
        assertThat(whole.path("missing_trials")).isEmpty();
        assertThat(whole.at("/analysis/0/arms/plain/solved").asInt()).isEqualTo(3);
        assertThat(Files.readString(done.get(0))).isEqualTo(first);
    }

    private static List<Path> finished(Path trials) throws java.io.IOException {
        if (!Files.isDirectory(trials)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(trials)) {
            return list.map(t -> t.resolve("trial.json"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }
}
