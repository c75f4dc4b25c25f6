package io.harnessgym.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What an agent says about its phase: {@code harnessgym-result.json} at the workspace root, taken
 * after each phase (and removed, so it neither reaches the scorer nor the next phase). Kept as a
 * claim in its own namespace; never a verdict. A missing file is no claim; a link, a file over 1
 * MiB, invalid JSON or not an object is recorded as a problem and the run goes on.
 */
final class Claims {
    static final String FILE = "harnessgym-result.json";
    static final int MAX_BYTES = 1 << 20;

    record Taken(ObjectNode claims, String problem) {}

    private Claims() {}

    static Taken take(Path workspace) {
        Path file = workspace.resolve(FILE);
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return new Taken(Json.object(), null);
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return new Taken(
                        Json.object(),
                        FILE + " is not a regular file (a link or a folder); it was ignored");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                return new Taken(Json.object(), FILE + " is over 1 MiB; it was ignored");
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return new Taken(Json.object(), FILE + " is not valid JSON; it was ignored");
            }
            if (node == null || !node.isObject()) {
                return new Taken(Json.object(), FILE + " is not a JSON object; it was ignored");
            }
            return new Taken((ObjectNode) node, null);
        } catch (IOException e) {
            return new Taken(Json.object(), FILE + " could not be read: " + e.getMessage());
        } finally {
            try {
                io.harnessgym.workspace.FileTrees.delete(file);
            } catch (IOException e) {
                // it stays; the next take replaces it
            }
        }
    }
}
