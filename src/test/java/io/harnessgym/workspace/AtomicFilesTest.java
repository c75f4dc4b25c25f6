package io.harnessgym.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.testing.Files2;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    @Test
    void writesNewFileAndReplacesExistingOneWithoutLeavingTempFiles() throws Exception {
        Path target = dir.resolve("sub/registry.json");
        AtomicFiles.writeString(target, "first");
        AtomicFiles.writeString(target, "second");

        assertThat(Files.readString(target)).isEqualTo("second");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("registry.json");
        }
    }

    @Test
    void failedWriteKeepsTheOldContentAndCleansUp() throws Exception {
        Path target = dir.resolve("occupied");
        Files.createDirectories(target.resolve("child"));

        assertThatThrownBy(() -> AtomicFiles.writeString(target, "new"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(target.toString());
        assertThat(target).isDirectory();
        assertThat(target.resolve("child")).isDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("occupied");
        }
    }

    @Test
    void jsonWriteEndsWithNewlineAndReadsBack() {
        Path target = dir.resolve("a.json");
        ObjectNode node = Json.object().put("k", "v");
        Json.writeAtomic(target, node);

        assertThat(Files2.read(target)).endsWith("}\n");
        assertThat(Json.readObject(target, Path.of("a.json"))).isEqualTo(node);
    }

    @Test
    void malformedJsonNamesTheFileAndTheLine() {
        Path file = Files2.write(dir.resolve("bad.json"), "{\n  \"a\": 1,\n  \"b\": \n}");

        assertThatThrownBy(() -> Json.readObject(file, Path.of("bad.json")))
                .isInstanceOfSatisfying(
                        HarnessGymException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
                .hasMessageStartingWith("bad.json: not valid JSON")
                .hasMessageContaining("line 4");
    }

    @Test
    void truncatedEmptyMissingNonObjectAndNonUtf8AreClearErrors() throws Exception {
        Path truncated = Files2.write(dir.resolve("t.json"), "{\"artifacts\": [");
        Path empty = Files2.write(dir.resolve("e.json"), "");
        Path array = Files2.write(dir.resolve("x.json"), "[1]");
        Path binary = dir.resolve("b.json");
        Files.write(binary, new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'});

        assertThatThrownBy(() -> Json.readObject(truncated, Path.of("t.json")))
                .hasMessageStartingWith("t.json: not valid JSON");
        assertThatThrownBy(() -> Json.readObject(empty, Path.of("e.json")))
                .hasMessage("e.json: file is empty, expected JSON");
        assertThatThrownBy(() -> Json.readObject(array, Path.of("x.json")))
                .hasMessage("x.json: expected a JSON object, found an array");
        assertThatThrownBy(() -> Json.readObject(binary, Path.of("b.json")))
                .hasMessage("b.json: not valid UTF-8");
        assertThatThrownBy(() -> Json.readObject(dir.resolve("none.json"), Path.of("none.json")))
                .hasMessage("none.json: file not found");
    }
}
