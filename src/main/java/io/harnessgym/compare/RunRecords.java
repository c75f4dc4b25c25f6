package io.harnessgym.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's records as the loop wrote them in its private state: {@code summary.json} (an empty
 * object when there is none) and each of its iterations' {@code result.json} (an empty object for
 * one that is missing), in order.
 */
record RunRecords(JsonNode summary, List<JsonNode> results) {
    RunRecords {
        results = List.copyOf(results);
    }

    static RunRecords read(Path runDir) {
        Path summaryFile = runDir.resolve("summary.json");
        JsonNode summary =
                Files.isRegularFile(summaryFile)
                        ? Json.readTree(summaryFile, summaryFile)
                        : Json.object();
        List<JsonNode> results = new ArrayList<>();
        for (JsonNode row : summary.path("iterations")) {
            Path file =
                    runDir.resolve("iterations")
                            .resolve(row.path("iteration").asText())
                            .resolve("result.json");
            results.add(Files.isRegularFile(file) ? Json.readTree(file, file) : Json.object());
        }
        return new RunRecords(summary, results);
    }

    boolean exists() {
        return summary.size() > 0;
    }
}
