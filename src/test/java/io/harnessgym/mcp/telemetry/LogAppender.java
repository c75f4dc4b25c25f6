package io.harnessgym.mcp.telemetry;

import io.harnessgym.workspace.Json;
import java.nio.file.Path;

/** A separate process that appends many long lines to one call log (for the concurrency test). */
public final class LogAppender {
    private LogAppender() {}

    public static void main(String[] args) {
        CallLog log = new CallLog(Path.of(args[0]));
        String writer = args[1];
        int count = Integer.parseInt(args[2]);
        String padding = "p".repeat(Integer.parseInt(args[3]));
        for (int i = 0; i < count; i++) {
            log.append(Json.object().put("writer", writer).put("seq", i).put("padding", padding));
        }
    }
}
