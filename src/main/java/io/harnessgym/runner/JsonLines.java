package io.harnessgym.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.workspace.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads an agent's JSONL output from its file one line at a time: invalid UTF-8 is replaced, a line
 * longer than the cap is skipped (counted), a line that is not a JSON object is skipped (counted).
 * Nothing is held whole in memory, and nothing the agent printed can crash the reader.
 */
public final class JsonLines {
    public static final int MAX_LINE = 8 << 20;

    /** How many lines were read, and how many of them were skipped as not JSON or too long. */
    public record Counts(long lines, long skipped) {}

    private JsonLines() {}

    public static Counts read(Path file, Consumer<JsonNode> each) {
        long lines = 0;
        long skipped = 0;
        if (!Files.isRegularFile(file)) {
            return new Counts(0, 0);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean tooLong = false;
            int b;
            while (true) {
                b = in.read();
                if (b == '\n' || b == -1) {
                    if (line.size() > 0 || tooLong) {
                        lines++;
                        if (tooLong || !accept(line.toByteArray(), each)) {
                            skipped++;
                        }
                    }
                    line.reset();
                    tooLong = false;
                    if (b == -1) {
                        break;
                    }
                } else if (line.size() < MAX_LINE) {
                    line.write(b);
                } else {
                    tooLong = true;
                }
            }
        } catch (IOException e) {
            skipped++;
        }
        return new Counts(lines, skipped);
    }

    private static boolean accept(byte[] bytes, Consumer<JsonNode> each) {
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("{")) {
            return false;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                return false;
            }
            each.accept(node);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
