package io.harnessgym.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.mcp.telemetry.CallLog;
import io.harnessgym.workspace.Json;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The run's ledger in the private state directory ({@code runs/<id>/ledger.jsonl}): one line per
 * setup fact (baseline id, config digest) and per step outcome with its measured figures. Appended
 * under a file lock, one line per write; the agent cannot reach it.
 */
public final class RunLedger {
    private final CallLog file;

    RunLedger(Path file) {
        this.file = new CallLog(file);
    }

    public Path file() {
        return file.file();
    }

    void record(int iteration, String step, String outcome, String reason, JsonNode figures) {
        ObjectNode line = Json.object();
        line.put("at", Instant.now().toString());
        line.put("iteration", iteration);
        line.put("step", step);
        line.put("outcome", outcome);
        line.put("reason", reason);
        if (figures != null) {
            line.set("figures", figures);
        }
        file.append(line);
    }
}
