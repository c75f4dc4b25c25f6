package io.harnessgym.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.workspace.Json;
import java.io.IOException;
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
        Json.Claimed claimed = Json.readClaimed(file, MAX_BYTES, FILE);
        try {
            io.harnessgym.workspace.FileTrees.delete(file);
        } catch (IOException e) {
            // it stays; the next take replaces it
        }
        return new Taken(claimed.value(), claimed.problem());
    }
}
