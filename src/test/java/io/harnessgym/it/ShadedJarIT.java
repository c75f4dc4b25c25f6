package io.harnessgym.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.testing.Files2;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real shaded jar and the launcher as subprocesses (after {@code package}, by failsafe).
 */
class ShadedJarIT {
    static final Path JAR =
            Path.of(System.getProperty("harnessgym.jar", "target/harnessgym.jar")).toAbsolutePath();
    static final Path LAUNCHER = Path.of("bin/harnessgym").toAbsolutePath();

    @TempDir Path dir;

    record Result(int code, String out, String err) {}

    static Result run(Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Path out = Files.createTempFile("hg-out", ".txt");
        Path err = Files.createTempFile("hg-err", ".txt");
        builder.redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished in time").isTrue();
        Result result =
                new Result(
                        process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    static String[] jar(String... args) {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command.toArray(String[]::new);
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void jarPrintsItsVersion() throws Exception {
        Result result = run(Map.of(), jar("--version"));

        assertThat(result.code()).isZero();
        assertThat(result.out()).startsWith("harnessgym 0.1.0\n");
    }

    @Test
    void jarSyncsAndListsThePythonBundle() throws Exception {
        Files2.copyPythonBundle(dir);

        Result sync =
                run(Map.of(), jar("registry", "sync", "--workspace", dir.toString(), "--json"));
        assertThat(sync.code()).as(sync.err()).isZero();
        assertThat(Json.MAPPER.readTree(sync.out()).get("artifact_count").asInt()).isEqualTo(8);

        Result list =
                run(
                        Map.of(),
                        jar("registry", "list", "--all", "--json", "--workspace", dir.toString()));
        JsonNode json = Json.MAPPER.readTree(list.out());
        assertThat(json.get("in_sync").asBoolean()).isTrue();
        assertThat(json.get("artifacts")).hasSize(8);
        assertThat(list.err()).isEmpty();
    }

    @Test
    void jarErrorIsOneLineWithExitCode() throws Exception {
        Files2.write(dir.resolve(".harnessgym/registry.json"), "[]");

        Result result = run(Map.of(), jar("registry", "list", "--workspace", dir.toString()));

        assertThat(result.code()).isEqualTo(3);
        assertThat(result.err())
                .isEqualTo(
                        "harnessgym: error: .harnessgym/registry.json: expected a JSON object, found an array\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void launcherRunsTheJarWithItsClassDataArchive() throws Exception {
        Result result =
                run(
                        Map.of(),
                        LAUNCHER.toString(),
                        "registry",
                        "list",
                        "--workspace",
                        Files2.PYTHON_BUNDLE.toString());

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("skill:.harnessgym/skills/triton-profiling/SKILL.md");
        assertThat(result.err()).doesNotContain("warning").doesNotContain("building");
        try (var archives = Files.list(JAR.getParent().resolve("cds"))) {
            assertThat(archives.map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.endsWith(".jsa"));
        }

        // -Xshare:on fails the start when the archive cannot be used; picocli (Java 5 byte code,
        // which only
        // a static archive stores) and our own classes must come from it.
        Map<String, String> logged =
                Map.of("HARNESSGYM_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:stderr");
        Result shared =
                run(
                        logged,
                        LAUNCHER.toString(),
                        "registry",
                        "list",
                        "--workspace",
                        Files2.PYTHON_BUNDLE.toString());
        assertThat(shared.code()).as(shared.err()).isZero();
        assertThat(shared.err())
                .contains("picocli.CommandLine source: shared objects file")
                .contains("io.harnessgym.Main source: shared objects file");
        // A lone --version is answered before picocli builds its model (QuickAnswers): its
        // command classes are not even loaded.
        Result version = run(logged, LAUNCHER.toString(), "--version");
        assertThat(version.code()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("harnessgym ");
        assertThat(version.err())
                .contains("io.harnessgym.Main source: shared objects file")
                .doesNotContain("io.harnessgym.cli.RegistryCommand");
    }

    @Test
    void launcherRefusesJavaOlderThan17() throws Exception {
        Path fakeHome = dir.resolve("jdk11");
        Path java = Files2.write(fakeHome.resolve("bin/java"), "#!/bin/sh\necho should-not-run\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files2.write(fakeHome.resolve("release"), "JAVA_VERSION=\"11.0.2\"\n");

        Result result =
                run(Map.of("JAVA_HOME", fakeHome.toString()), LAUNCHER.toString(), "--version");

        assertThat(result.code()).isEqualTo(3);
        assertThat(result.err()).contains("Java 17 or newer is required").contains("Java 11");
        assertThat(result.out()).isEmpty();
    }
}
