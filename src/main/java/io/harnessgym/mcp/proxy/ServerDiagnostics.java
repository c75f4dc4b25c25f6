package io.harnessgym.mcp.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.process.OutputTail;
import io.harnessgym.workspace.Json;
import java.util.concurrent.TimeUnit;

/**
 * What the proxy can say about its server when a call fails: its exit status once it has exited,
 * the last line of its stderr, and the stderr tail (as JSON-RPC error data).
 */
final class ServerDiagnostics {
    private final Process process;
    private final OutputTail stderr;

    ServerDiagnostics(Process process, OutputTail stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    /** Waits (briefly) until the server's stderr has ended, so that the tail is complete. */
    void awaitStderr(long millis) {
        stderr.awaitEnd(millis);
    }

    /** " (exit status N)" once the server has exited, else nothing. */
    String exitStatusText() {
        try {
            if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
                return " (exit status " + process.exitValue() + ")";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    /** "; its stderr ends: ..." with the last line the server wrote on stderr, or nothing. */
    String stderrHint() {
        String tail = stderr.text().strip();
        if (tail.isEmpty()) {
            return "";
        }
        String last = tail.substring(tail.lastIndexOf('\n') + 1).strip();
        return "; its stderr ends: "
                + (last.length() > 300 ? last.substring(0, 300) + "..." : last);
    }

    /** {@code {"stderr": <the last 2,000 characters>}}. */
    JsonNode stderrData() {
        ObjectNode data = Json.object();
        String tail = stderr.text();
        data.put("stderr", tail.length() > 2000 ? tail.substring(tail.length() - 2000) : tail);
        return data;
    }
}
