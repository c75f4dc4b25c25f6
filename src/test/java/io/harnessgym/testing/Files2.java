package io.harnessgym.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/** File helpers for tests: write with parents, copy the example bundle, read back. */
public final class Files2 {
    /** The Python-format example workspace that doubles as the compatibility fixture. */
    public static final Path PYTHON_BUNDLE = Path.of("examples/python-bundle").toAbsolutePath();

    private Files2() {}

    public static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line of a JSON-lines file, parsed; a line that is not JSON fails the test. */
    public static java.util.List<com.fasterxml.jackson.databind.JsonNode> jsonLines(Path file) {
        java.util.List<com.fasterxml.jackson.databind.JsonNode> nodes = new java.util.ArrayList<>();
        for (String line : read(file).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                nodes.add(io.harnessgym.workspace.Json.MAPPER.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }
        return nodes;
    }

    /** A skill folder with a valid SKILL.md. */
    public static Path skill(Path workspace, String name, String description) {
        return write(
                workspace.resolve(".harnessgym/skills/" + name + "/SKILL.md"),
                "---\nname: "
                        + name
                        + "\ndescription: "
                        + description
                        + "\n---\n\n# "
                        + name
                        + "\n");
    }

    /** Copies a tree, keeping symlinks as links and the executable bits. */
    public static Path copyTree(Path source, Path target) {
        try {
            Files.walkFileTree(
                    source,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(
                                Path dir, BasicFileAttributes attrs) throws IOException {
                            Files.createDirectories(
                                    target.resolve(source.relativize(dir).toString()));
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                                throws IOException {
                            Path to = target.resolve(source.relativize(file).toString());
                            if (Files.isSymbolicLink(file)) {
                                Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                            } else {
                                Files.copy(
                                        file,
                                        to,
                                        StandardCopyOption.COPY_ATTRIBUTES,
                                        LinkOption.NOFOLLOW_LINKS);
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path copyPythonBundle(Path target) {
        return copyTree(PYTHON_BUNDLE, target);
    }
}
